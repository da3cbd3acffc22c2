#include "capture/live_capture.h"

#include <pcap/pcap.h>
#include <poll.h>

#include <cerrno>

#include "core/error.h"
#include "net/interrupt.h"

namespace sockscope::capture {
namespace {

struct DispatchContext {
  const std::function<void(const Record&)>* on_record;
  std::uint32_t linktype;
  std::uint64_t delivered = 0;
  std::uint64_t limit = 0;
};

void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  auto* ctx = reinterpret_cast<DispatchContext*>(user);
  if (ctx->limit != 0 && ctx->delivered >= ctx->limit) return;
  Record r;
  // With PCAP_TSTAMP_PRECISION_NANO, tv_usec carries nanoseconds.
  r.ts = {static_cast<std::int64_t>(h->ts.tv_sec), static_cast<std::int32_t>(h->ts.tv_usec)};
  r.caplen = h->caplen;
  r.len = h->len;
  r.linktype = ctx->linktype;
  r.time_digits = 9;
  r.data = Bytes(reinterpret_cast<const std::byte*>(bytes), h->caplen);
  ++ctx->delivered;
  (*ctx->on_record)(r);
}

}  // namespace

std::vector<InterfaceEntry> list_interfaces() {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_if_t* all = nullptr;
  if (pcap_findalldevs(&all, err) != 0)
    throw Error(ExitCode::kInternal, std::string("cannot list interfaces: ") + err);
  std::vector<InterfaceEntry> out;
  for (pcap_if_t* d = all; d != nullptr; d = d->next) {
    InterfaceEntry e;
    e.name = d->name;
    if (d->description) e.description = d->description;
    e.loopback = (d->flags & PCAP_IF_LOOPBACK) != 0;
    e.up = (d->flags & PCAP_IF_UP) != 0;
    out.push_back(std::move(e));
  }
  pcap_freealldevs(all);
  return out;
}

LiveCapture::LiveCapture(const LiveOptions& options) : options_(options) {
  char err[PCAP_ERRBUF_SIZE] = {};
  std::string name = options.interface;
  if (name.empty()) {
    auto all = list_interfaces();
    if (all.empty())
      throw privilege_error("no capture interfaces visible; run as root (or with CAP_NET_RAW)");
    name = all.front().name;
  }
  pcap_t* p = pcap_create(name.c_str(), err);
  if (p == nullptr) throw usage_error("cannot capture on '" + name + "': " + err);
  handle_.reset(p);
  pcap_set_snaplen(p, static_cast<int>(options.snaplen));
  pcap_set_promisc(p, options.promiscuous ? 1 : 0);
  pcap_set_timeout(p, 100);
  pcap_set_immediate_mode(p, options.immediate ? 1 : 0);
  // The kernel ring holds whole snap-length frames: size it for bursts (a port scan, a
  // bulk transfer) so nothing is dropped while we write the previous batch.
  pcap_set_buffer_size(p, 32 << 20);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
  int rc = pcap_activate(p);
  if (rc < 0) {
    std::string text = pcap_geterr(p);
    if (rc == PCAP_ERROR_PERM_DENIED)
      throw privilege_error("capturing on '" + name +
                            "' needs privilege: run as root (or give sockscope CAP_NET_RAW)");
    if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
      throw usage_error("no such interface '" + name + "' (see 'sockscope capture -D')");
    throw usage_error("cannot capture on '" + name +
                      "': " + (text.empty() ? pcap_statustostr(rc) : text));
  }
  if (!options.bpf.empty()) {
    std::string bad;
    bpf_program prog{};
    if (pcap_compile(p, &prog, options.bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      bad = "bad capture filter '" + options.bpf + "': " + pcap_geterr(p);
    } else {
      const int set = pcap_setfilter(p, &prog);
      pcap_freecode(&prog);
      if (set != 0) bad = "cannot apply capture filter '" + options.bpf + "': " + pcap_geterr(p);
    }
    if (!bad.empty()) throw usage_error(bad);
  }
  pcap_setnonblock(p, 1, err);
  info_.interface = name;
  info_.linktype = static_cast<std::uint32_t>(pcap_datalink(p));
  info_.snaplen = static_cast<std::uint32_t>(pcap_snapshot(p));
}

void LiveCapture::PcapCloser::operator()(pcap* p) const {
  pcap_close(p);
}

LiveCapture::~LiveCapture() = default;

LiveResult LiveCapture::run(const std::function<void(const Record&)>& on_record,
                            const std::function<void(std::size_t)>& batch_done,
                            const Clock& clock) {
  pcap_t* p = handle_.get();
  DispatchContext ctx{&on_record, info_.linktype, 0, options_.count};
  LiveResult result;
  const TimePoint deadline = clock.now() + seconds_to_duration(options_.duration);
  int fd = pcap_get_selectable_fd(p);
  while (true) {
    if (net::interrupted()) {
      result.interrupted = true;
      break;
    }
    if (options_.count != 0 && ctx.delivered >= options_.count) break;
    if (options_.stop != nullptr && options_.stop->load()) break;
    int wait_ms = 100;
    if (options_.duration > 0) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.now()).count();
      if (left <= 0) break;
      if (left < wait_ms) wait_ms = static_cast<int>(left);
    }
    pollfd pfd{fd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, wait_ms);
    if (ready < 0 && errno != EINTR) throw system_error("poll on the capture handle", errno);
    // Drain what the kernel has, even after a poll timeout (TPACKET_V3 blocks).
    int n = pcap_dispatch(p, -1, on_packet, reinterpret_cast<u_char*>(&ctx));
    if (n == PCAP_ERROR)
      throw Error(ExitCode::kInternal, std::string("capture failed: ") + pcap_geterr(p));
    batch_done(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  // Stopped by a signal, a duration or the owner: what the kernel already holds (in ring
  // blocks that may not have been handed over yet) still belongs to the capture.
  if (options_.count == 0 || ctx.delivered < options_.count) {
    // A ring block is handed over when full or after the 100 ms timeout: keep reading
    // until ~160 ms pass with nothing new (at most 1 s, so a flood cannot hold us).
    int idle = 0;
    for (int round = 0; round < 50 && idle < 8; ++round) {
      pollfd pfd{fd, POLLIN, 0};
      int ready = ::poll(&pfd, 1, 20);
      int n = pcap_dispatch(p, -1, on_packet, reinterpret_cast<u_char*>(&ctx));
      idle = (n <= 0 && ready <= 0) ? idle + 1 : 0;
      if (options_.count != 0 && ctx.delivered >= options_.count) break;
    }
  }
  pcap_stat st{};
  if (pcap_stats(p, &st) == 0) result.dropped = st.ps_drop;
  result.packets = ctx.delivered;
  batch_done(0);
  return result;
}

}  // namespace sockscope::capture
