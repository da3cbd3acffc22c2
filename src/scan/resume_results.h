// Public. The results an earlier run finished (--resume), kept compact and looked up by
// host, port and protocol as the scan passes each pair.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/ip_address.h"
#include "scan/types.h"

namespace sockscope::scan {

// Earlier results, kept compact: 12 bytes a result plus one entry a host (and the
// service facts of the few results --banners gave some) (a resume file
// of millions of results stays in tens of megabytes), looked up by host, port and
// protocol. A later duplicate of a pair wins.
class ResumeResults {
 public:
  void add(const PortResult& r);
  // After the last add(): sorts each host's results for lookup.
  void finish();
  std::optional<PortResult> find(const net::IpAddress& address, std::uint16_t port,
                                 net::Transport proto) const;
  std::size_t size() const { return size_; }
  void for_each(const std::function<void(const PortResult&)>& fn) const;

 private:
  struct Entry {
    std::uint16_t port;
    std::uint16_t reason;  // index into reasons_ (the word and reason_ip together)
    std::int16_t ttl;
    std::uint8_t flags;  // bit 0: udp; bits 1-2: PortState
    std::int32_t window;
  };
  struct Host {
    net::Target target;
    std::vector<Entry> entries;
  };
  static std::uint32_t order(const Entry& e) { return (e.flags & 1u) << 16 | e.port; }
  PortResult expand(const Host& host, const Entry& e) const;

  std::vector<Host> hosts_;
  std::unordered_map<net::IpAddress, std::size_t, net::IpAddressHash> host_index_;
  struct Reason {
    std::string word;
    std::optional<net::IpAddress> ip;  // reason_ip: few distinct routers answer a scan
  };
  std::vector<Reason> reasons_;
  std::unordered_map<std::string, std::uint16_t> reason_ids_;  // word, or word '\n' ip
  std::size_t size_ = 0;
  // --banners facts, apart: few results have them (host index, then order())
  static std::uint64_t service_key(std::size_t host, std::uint32_t order) {
    return static_cast<std::uint64_t>(host) << 17 | order;
  }
  std::unordered_map<std::uint64_t, std::shared_ptr<const ServiceFacts>> services_;
};

}  // namespace sockscope::scan
