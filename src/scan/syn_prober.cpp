#include "scan/syn_prober.h"

#include <linux/filter.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <span>

#include "core/error.h"
#include "net/socket_ops.h"
#include "scan/packet.h"
#include "scan/recv_batch.h"

namespace sockscope::scan {
namespace {

// Raw sockets of one family; empty fds when the family is unsupported (EAFNOSUPPORT).
net::UniqueFd raw_socket(int family, int protocol) {
  return net::UniqueFd(::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
}

[[noreturn]] void throw_socket_error() {
  if (errno == EPERM || errno == EACCES) {
    throw privilege_error(
        "SYN scan (-sS) needs raw sockets: run as root (or with CAP_NET_RAW), or use -sT");
  }
  throw system_error("raw socket", errno);
}

// A raw TCP socket gets a copy of every TCP segment the host sees (on loopback our own
// SYNs too). A kernel-side filter keeps only segments to our source port: half the
// copies and wake-ups on loopback, and nothing of the host's other traffic. IPv4 raw
// sockets see the IP header first, IPv6 ones start at the TCP header.
void keep_only_port(int fd, int family, std::uint16_t port) {
  std::array<sock_filter, 5> v4 = {{
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),  // x = IP header length
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),   // a = TCP destination port
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  }};
  std::array<sock_filter, 4> v6 = {{
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 2),  // a = TCP destination port
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  }};
  sock_fprog prog = family == AF_INET6
                        ? sock_fprog{static_cast<unsigned short>(v6.size()), v6.data()}
                        : sock_fprog{static_cast<unsigned short>(v4.size()), v4.data()};
  ::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

// A sender of IPv4 SYNs for each sender thread. An IPPROTO_TCP raw socket takes the TCP
// segment and lets the kernel write the IP header, on a route it looks up once and keeps;
// through the IPPROTO_RAW socket (our own IP header) every packet costs a route entry,
// allocated and freed through RCU (IP_HDRINCL routes are looked up "known next hop",
// which the kernel never caches): ~7% of a loopback SYN scan's CPU.
// A TCP raw socket also receives: the kernel would copy every TCP segment into it, as
// into the receiving socket. Bound to a multicast address it matches none (no TCP
// segment goes to one), and a multicast bind leaves the source address to the route.
// Empty when any step fails: that thread then sends through the IPPROTO_RAW socket.
net::UniqueFd open_ipv4_tcp_sender() {
  net::UniqueFd fd = raw_socket(AF_INET, IPPROTO_TCP);
  if (!fd) return fd;
  sockaddr_in nowhere{};
  nowhere.sin_family = AF_INET;
  nowhere.sin_addr.s_addr = htonl(INADDR_UNSPEC_GROUP);  // 224.0.0.0, reserved
  int no_df = IP_PMTUDISC_DONT;  // as our IPPROTO_RAW SYNs, and nmap's: no DF bit
  int ttl = 64;
  std::array<sock_filter, 1> none = {{BPF_STMT(BPF_RET | BPF_K, 0)}};  // just in case
  sock_fprog drop_all{static_cast<unsigned short>(none.size()), none.data()};
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&nowhere), sizeof(nowhere)) < 0 ||
      ::setsockopt(fd.get(), IPPROTO_IP, IP_MTU_DISCOVER, &no_df, sizeof(no_df)) < 0 ||
      ::setsockopt(fd.get(), IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0 ||
      ::setsockopt(fd.get(), SOL_SOCKET, SO_ATTACH_FILTER, &drop_all, sizeof(drop_all)) < 0)
    return {};
  return fd;
}

}  // namespace

SynProber::SynProber()
    : v4_{raw_socket(AF_INET, IPPROTO_TCP), raw_socket(AF_INET, IPPROTO_RAW),
          open_icmp_error_socket(AF_INET)} {
  if (!v4_.tcp || !v4_.send || !v4_.icmp) throw_socket_error();
  v6_.tcp = raw_socket(AF_INET6, IPPROTO_TCP);
  if (v6_.tcp) {
    v6_.send = raw_socket(AF_INET6, IPPROTO_RAW);  // implies IPV6_HDRINCL
    v6_.icmp = open_icmp_error_socket(AF_INET6);
    if (!v6_.send || !v6_.icmp) throw_socket_error();
  } else if (errno != EAFNOSUPPORT) {
    throw_socket_error();
  }
  // Answers to a fast scan arrive in bursts.
  net::set_receive_buffer(v4_.tcp.get(), 16 << 20);
  std::random_device rd;
  secret_ = (std::uint64_t{rd()} << 32) | rd();
  src_port_ = static_cast<std::uint16_t>(40000 + rd() % 20000);
  keep_only_port(v4_.tcp.get(), AF_INET, src_port_);
  if (v6_.tcp) {
    net::set_receive_buffer(v6_.tcp.get(), 16 << 20);
    keep_only_port(v6_.tcp.get(), AF_INET6, src_port_);
    // No IPv6 header comes with the data: ask for the hop limit beside it.
    int one = 1;
    ::setsockopt(v6_.tcp.get(), IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one));
  }
  for (auto& sender : v4_tcp_senders_) sender = open_ipv4_tcp_sender();
  filling_[1].family = AF_INET6;
  wake_ = net::UniqueFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake_) throw system_error("eventfd", errno);
  try {
    for (int i = 0; i < kSenders; ++i) senders_.emplace_back([this, i] { sender_loop(i); });
  } catch (...) {  // no thread for the second sender: stop the first before giving up
    stop_senders();
    throw;
  }
}

SynProber::~SynProber() {
  stop_senders();
}

void SynProber::stop_senders() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_.notify_all();
  for (auto& t : senders_) t.join();
  senders_.clear();
}

std::uint32_t SynProber::cookie(const net::IpAddress& dst, std::uint16_t dst_port) const {
  return syn_cookie(secret_, dst, dst_port, src_port_);
}

SendStatus SynProber::send(const ProbeKey& key, int, std::vector<Reply>& replies) {
  const net::IpAddress& dst = key.address;
  bool v6 = dst.family == AF_INET6;
  std::optional<net::IpAddress> src;
  if (!v6 || v6_.send) src = routes_.source_for(dst);
  if (!src) {  // no route (nmap's word differs by family)
    replies.push_back({key, PortState::kFiltered, v6 ? "no-route" : "net-unreach", -1, -1});
    return SendStatus::kAnswered;
  }
  Outbox& filling = filling_[v6 ? 1 : 0];
  Queued& q = filling.items[filling.size++];
  q.key = key;
  if (v6) {
    q.to.v6 = {};
    q.to.v6.sin6_family = AF_INET6;
    std::memcpy(&q.to.v6.sin6_addr, dst.bytes.data(), 16);
  } else {
    q.to.v4 = {};
    q.to.v4.sin_family = AF_INET;
    std::memcpy(&q.to.v4.sin_addr, dst.bytes.data(), 4);
  }
  q.length = static_cast<std::uint8_t>(
      write_ip_tcp_syn(q.syn, *src, dst, src_port_, key.port, cookie(dst, key.port)));
  if (filling.size == kBatch) hand_off(filling);
  return SendStatus::kSent;
}

void SynProber::hand_off() {
  for (auto& filling : filling_) hand_off(filling);
}

void SynProber::hand_off(Outbox& filling) {
  if (filling.size == 0) return;
  {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return outboxes_.size() < kMaxBatches; });
    outboxes_.push_back(filling);
  }
  work_.notify_one();
  filling.size = 0;
}

void SynProber::sender_loop(int index) {
  while (true) {
    Outbox batch;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return stop_ || !outboxes_.empty(); });
      if (outboxes_.empty()) return;  // stopping, nothing left
      batch = outboxes_.front();
      outboxes_.pop_front();
    }
    space_.notify_one();
    send_batch(batch, v4_tcp_senders_[static_cast<std::size_t>(index)].get());
  }
}

void SynProber::send_batch(Outbox& batch, int v4_tcp_sender) {
  bool tcp_only = batch.family == AF_INET && v4_tcp_sender >= 0;
  int fd = tcp_only ? v4_tcp_sender : sockets(batch.family).send.get();
  std::size_t skip = tcp_only ? kIpv4SynLength - kTcpSynLength : 0;  // the IP header
  std::size_t done = 0;
  std::vector<Reply> failed;
  while (done < batch.size) {
    std::array<iovec, kBatch> iov{};
    std::array<mmsghdr, kBatch> msgs{};
    std::size_t n = batch.size - done;
    for (std::size_t i = 0; i < n; ++i) {
      Queued& q = batch.items[done + i];
      iov[i] = {q.syn.data() + skip, q.length - skip};
      msgs[i].msg_hdr.msg_name = &q.to;
      msgs[i].msg_hdr.msg_namelen = batch.family == AF_INET6 ? sizeof(q.to.v6) : sizeof(q.to.v4);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int sent = ::sendmmsg(fd, msgs.data(), static_cast<unsigned>(n), 0);
    if (sent > 0) {
      done += static_cast<std::size_t>(sent);
      continue;
    }
    if (errno == EAGAIN || errno == ENOBUFS) {  // the send buffer is full: wait for room
      {
        std::lock_guard lock(mutex_);
        if (stop_) return;
      }
      pollfd out{fd, POLLOUT, 0};
      ::poll(&out, 1, 1);
      continue;
    }
    if (errno == EINTR) continue;
    // This probe cannot leave (a local firewall, no route): its answer, then the rest.
    failed.push_back({batch.items[done].key, PortState::kFiltered,
                      errno == EPERM || errno == EACCES ? "admin-prohibited" : "host-unreach", -1,
                      -1});
    ++done;
  }
  if (failed.empty()) return;
  {
    std::lock_guard lock(mutex_);
    failed_.insert(failed_.end(), failed.begin(), failed.end());
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto ignored = ::write(wake_.get(), &one, sizeof(one));
}

bool SynProber::tcp_answer(const TcpSegmentView& seg, Reply& r) const {
  if (seg.dst_port != src_port_) return false;
  if (seg.ack != cookie(seg.src, seg.src_port) + 1) return false;  // not an answer to our SYN
  r.key = {seg.src, seg.src_port};
  r.ttl = seg.ttl;
  r.window = seg.window;
  if ((seg.flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck)) {
    r.state = PortState::kOpen, r.reason = "syn-ack";
  } else if (seg.flags & kTcpRst) {
    r.state = PortState::kClosed, r.reason = "reset";
  } else {
    return false;
  }
  return true;
}

bool SynProber::icmp_answer(const IcmpErrorView& icmp, const IcmpVerdict& verdict, Reply& r) {
  if (icmp.quoted_proto != 6 || icmp.quoted_src_port != src_port_) return false;
  if (icmp.quoted_tcp_seq != cookie(icmp.quoted_dst, icmp.quoted_dst_port)) return false;
  // The cookie does not cover our address: the quote must also come from the address our
  // SYNs to that target leave from, or a copy of our SYN sent by someone else (a
  // spoofer's, a reflector's) could set the state.
  auto ours = routes_.source_for(icmp.quoted_dst);
  if (!ours || *ours != icmp.quoted_src) return false;
  r.key = {icmp.quoted_dst, icmp.quoted_dst_port};
  r.state = verdict.state;
  r.reason = verdict.reason;
  r.ttl = icmp.ttl;
  r.window = -1;
  if (icmp.from != icmp.quoted_dst) r.reason_ip = icmp.from;  // a router answered
  return true;
}

void SynProber::drain_tcp(int family, std::vector<Reply>& replies) {
  static thread_local RecvBatch batch;
  int fd = sockets(family).tcp.get();
  for (int round = 0; round < 64; ++round) {  // bounded: give the engine its turn under a flood
    std::size_t n = batch.read(fd);
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<TcpSegmentView> seg;
      if (family == AF_INET6) {
        seg = parse_tcp_header(batch.packet(i));
        if (seg) seg->src = batch.from6(i), seg->ttl = batch.hop_limit(i);
      } else {
        seg = parse_ipv4_tcp(batch.packet(i));
      }
      Reply r;
      if (seg && tcp_answer(*seg, r)) replies.push_back(r);
    }
    if (n < RecvBatch::kCount) return;
  }
}

void SynProber::drain_icmp(int family, std::vector<Reply>& replies) {
  static thread_local RecvBatch batch;
  int fd = sockets(family).icmp.get();
  for (int round = 0; round < 64; ++round) {
    std::size_t n = batch.read(fd);
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<IcmpErrorView> icmp;
      if (family == AF_INET6) {
        icmp = parse_icmpv6_error(batch.packet(i));
        if (icmp) icmp->from = batch.from6(i), icmp->ttl = batch.hop_limit(i);
      } else {
        icmp = parse_ipv4_icmp_error(batch.packet(i));
      }
      if (!icmp) continue;
      auto verdict = icmp_verdict(net::Transport::kTcp, family, icmp->type, icmp->code,
                                  icmp->from == icmp->quoted_dst);
      Reply r;
      if (verdict && icmp_answer(*icmp, *verdict, r)) replies.push_back(r);
    }
    if (n < RecvBatch::kCount) return;
  }
}

void SynProber::wait(Duration max_wait, std::vector<Reply>& replies) {
  hand_off();
  // poll() skips negative descriptors: without IPv6 its two slots stay quiet.
  pollfd fds[5] = {{v4_.tcp.get(), POLLIN, 0},
                   {v4_.icmp.get(), POLLIN, 0},
                   {v6_.tcp.get(), POLLIN, 0},
                   {v6_.icmp.get(), POLLIN, 0},
                   {wake_.get(), POLLIN, 0}};
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(max_wait).count();
  int n = ::poll(fds, 5, ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 60'000)));
  if (n <= 0) return;
  if (fds[4].revents & POLLIN) {
    std::uint64_t count = 0;
    [[maybe_unused]] auto ignored = ::read(wake_.get(), &count, sizeof(count));
    std::lock_guard lock(mutex_);
    replies.insert(replies.end(), failed_.begin(), failed_.end());
    failed_.clear();
  }
  if (fds[0].revents & POLLIN) drain_tcp(AF_INET, replies);
  if (fds[1].revents & POLLIN) drain_icmp(AF_INET, replies);
  if (fds[2].revents & POLLIN) drain_tcp(AF_INET6, replies);
  if (fds[3].revents & POLLIN) drain_icmp(AF_INET6, replies);
}

Reply SynProber::no_response(const ProbeKey& key) const {
  return {key, PortState::kFiltered, "no-response", -1, -1};
}

}  // namespace sockscope::scan
