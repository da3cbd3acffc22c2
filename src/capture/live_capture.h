// Public. Live capture through libpcap: create -> configure (snap length, promiscuous,
// immediate mode, nanosecond timestamps) -> activate, an optional BPF filter compiled by
// libpcap, then records delivered to a callback until a count, a duration or Ctrl-C /
// SIGTERM (net::interrupted()) stops it. Owns the pcap handle. Never prints.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_file.h"
#include "core/clock.h"

// libpcap's handle (pcap_t), declared here so that users of this header need not
// include <pcap/pcap.h>.
struct pcap;

namespace sockscope::capture {

struct LiveOptions {
  std::string interface;  // empty: libpcap's first device
  std::string bpf;        // capture filter, tcpdump syntax
  std::uint32_t snaplen = 262144;
  bool promiscuous = true;
  // Deliver each packet at once (live printing). Off, libpcap packs packets into ring
  // blocks (TPACKET_V3), which absorbs far larger bursts: better for writing files.
  bool immediate = true;
  std::uint64_t count = 0;  // 0: unlimited
  double duration = 0;      // seconds, 0: unlimited
  // Set from another thread to stop run() within ~100 ms (the lab's background capture).
  const std::atomic<bool>* stop = nullptr;
};

struct LiveInfo {
  std::string interface;
  std::uint32_t linktype = 0, snaplen = 0;
};

struct LiveResult {
  std::uint64_t packets = 0;
  std::uint64_t dropped = 0;  // kernel drops (pcap_stats)
  bool interrupted = false;
};

struct InterfaceEntry {
  std::string name, description;
  bool loopback = false, up = false;
};

// Throws privilege_error (exit 3) without capture rights, usage_error for an unknown
// interface or a bad BPF filter (with libpcap's text).
class LiveCapture {
 public:
  explicit LiveCapture(const LiveOptions& options);
  ~LiveCapture();
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  const LiveInfo& info() const { return info_; }
  // Delivers each record; `batch_done(n)` runs after each round of reading from the
  // kernel (every <= 100 ms) with the number of records that round delivered: 0 means the
  // link was quiet, the moment to flush output. Returns when count/duration/interrupt
  // says stop.
  LiveResult run(const std::function<void(const Record&)>& on_record,
                 const std::function<void(std::size_t delivered)>& batch_done,
                 const Clock& clock = SteadyClock::instance());

 private:
  LiveOptions options_;
  LiveInfo info_;
  // Owns the pcap_t from the moment pcap_create returns: every throw in the
  // constructor and the destructor close it.
  struct PcapCloser {
    void operator()(pcap* p) const;
  };
  std::unique_ptr<pcap, PcapCloser> handle_;
};

std::vector<InterfaceEntry> list_interfaces();

}  // namespace sockscope::capture
