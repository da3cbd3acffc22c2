// Internal to scan/. Where the UDP scan (udp_prober.h) learns about the ICMP errors its
// datagrams caused. Two sources behind one small interface; both classify with
// icmp_verdict(), so they give the same states and reasons, and both name an error's
// sender when it is not the target (reason_ip):
//  - RawIcmpSource, when privileged (CAP_NET_RAW), as nmap reads them: raw ICMP and
//    ICMPv6 sockets (the kernel filters them to the error types). An error counts only
//    if it quotes a UDP datagram from our address on the route to the target (RouteSources)
//    and our probe socket's port, to the address and port it names; its IP TTL (IPv6 hop
//    limit) becomes the reply's ttl (nmap's reason_ttl).
//    The probe sockets then carry no IP_RECVERR, so errors cost nothing there.
//  - ErrorQueueSource, unprivileged: IP_RECVERR / IPV6_RECVERR on the probe sockets.
//    The kernel matches each error to our socket and gives the original destination, the
//    ICMP's sender (SO_EE_OFFENDER) and, with IP_RECVTTL / IPV6_RECVHOPLIMIT, its TTL.
//    It does not give the quoted source address, and matches a quote from any source
//    to our wildcard-bound socket: here an error about another host's datagram to the
//    same address and port, from our port, still counts (test_scan_icmp_quote.sh shows
//    the raw source refusing it).
// The source owns its raw sockets; the probe sockets stay the prober's.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "scan/prober.h"

namespace sockscope::scan {

class UdpIcmpSource {
 public:
  virtual ~UdpIcmpSource() = default;
  virtual const char* name() const = 0;  // "raw-icmp" / "error-queue"
  // The prober opened its probe socket for `family` (AF_INET / AF_INET6), bound to `port`.
  virtual void socket_opened(int family, int fd, std::uint16_t port) = 0;
  // Descriptors to poll for ICMP errors (readable, or POLLERR for the error queue).
  virtual std::span<const int> fds() const = 0;
  // `fd`, one of fds(), is ready: appends the answers it holds (bounded per call).
  virtual void read(int fd, std::vector<Reply>& replies) = 0;
  // A send on probe socket `fd` failed. True when an earlier probe's ICMP error, pending
  // on the socket, caused it (that error's answer is appended): the send may be retried.
  virtual bool take_errors_after_failed_send(int fd, std::vector<Reply>& replies) = 0;
};

enum class IcmpSourceKind {
  kAuto,        // raw sockets when we may open them, else the error queue
  kRaw,         // raw sockets; throws privilege_error without CAP_NET_RAW
  kErrorQueue,  // the error queue, even when privileged
};
std::unique_ptr<UdpIcmpSource> make_udp_icmp_source(IcmpSourceKind kind);

}  // namespace sockscope::scan
