#include "scan/syn_prober.h"

#include <linux/filter.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <random>
#include <span>

#include "core/error.h"
#include "net/socket_ops.h"
#include "scan/packet.h"

namespace sockscope::scan {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

sockaddr_in to_sockaddr(std::uint32_t ip_host_order) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(ip_host_order);
  return sin;
}

}  // namespace

SynProber::SynProber()
    : tcp_(::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP)),
      send_(::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_RAW)),
      icmp_(::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP)) {
  if (!tcp_ || !send_ || !icmp_) {
    if (errno == EPERM || errno == EACCES) {
      throw privilege_error(
          "SYN scan (-sS) needs raw sockets: run as root (or with CAP_NET_RAW), or use -sT");
    }
    throw system_error("raw socket", errno);
  }
  // Answers to a fast scan arrive in bursts.
  net::set_receive_buffer(tcp_.get(), 16 << 20);
  net::set_receive_buffer(icmp_.get(), 4 << 20);
  std::random_device rd;
  secret_ = (std::uint64_t{rd()} << 32) | rd();
  src_port_ = static_cast<std::uint16_t>(40000 + rd() % 20000);
  // A raw TCP socket gets a copy of every TCP segment the host sees (on loopback our own
  // SYNs too). A kernel-side filter keeps only segments to our source port: half the
  // copies and wake-ups on loopback, and nothing of the host's other traffic.
  sock_filter code[] = {
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),  // x = IP header length
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),   // a = TCP destination port
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, src_port_, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  sock_fprog prog{static_cast<unsigned short>(sizeof(code) / sizeof(code[0])), code};
  ::setsockopt(tcp_.get(), SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
  wake_ = net::UniqueFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake_) throw system_error("eventfd", errno);
  try {
    for (int i = 0; i < kSenders; ++i) senders_.emplace_back([this] { sender_loop(); });
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

std::uint32_t SynProber::cookie(std::uint32_t dst_ip, std::uint16_t dst_port) const {
  return static_cast<std::uint32_t>(
      mix(secret_ ^ (std::uint64_t{dst_ip} << 32) ^ (std::uint64_t{dst_port} << 16) ^ src_port_));
}

std::uint32_t SynProber::source_for(std::uint32_t dst_ip) {
  auto it = sources_.find(dst_ip);
  if (it != sources_.end()) return it->second;
  // Ask the routing table: a connected UDP socket learns its source address, sends nothing.
  std::uint32_t src = 0;
  net::UniqueFd probe(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_in to = to_sockaddr(dst_ip);
  to.sin_port = htons(9);
  if (probe && ::connect(probe.get(), reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0) {
    sockaddr_in local{};
    socklen_t len = sizeof(local);
    if (::getsockname(probe.get(), reinterpret_cast<sockaddr*>(&local), &len) == 0)
      src = ntohl(local.sin_addr.s_addr);
  }
  sources_[dst_ip] = src;
  return src;
}

SendStatus SynProber::send(const ProbeKey& key, int, std::vector<Reply>& replies) {
  if (key.address.family != AF_INET) {
    throw usage_error("bad target '" + key.address.to_string() +
                      "': SYN scan (-sS) is IPv4 only; use -sT for IPv6");
  }
  std::uint32_t dst = key.address.v4_host_order();
  std::uint32_t src = source_for(dst);
  if (src == 0) {  // no route
    Reply r{key, PortState::kFiltered, "net-unreach", -1, -1};
    replies.push_back(r);
    return SendStatus::kAnswered;
  }
  Queued& q = filling_.items[filling_.size++];
  q.key = key;
  q.to = to_sockaddr(dst);
  write_ipv4_tcp_syn(q.syn, src, dst, src_port_, key.port, cookie(dst, key.port));
  if (filling_.size == kBatch) hand_off();
  return SendStatus::kSent;
}

void SynProber::hand_off() {
  if (filling_.size == 0) return;
  {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return outboxes_.size() < kMaxBatches; });
    outboxes_.push_back(filling_);
  }
  work_.notify_one();
  filling_.size = 0;
}

void SynProber::sender_loop() {
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
    send_batch(batch);
  }
}

void SynProber::send_batch(Outbox& batch) {
  std::size_t done = 0;
  std::vector<Reply> failed;
  while (done < batch.size) {
    std::array<iovec, kBatch> iov{};
    std::array<mmsghdr, kBatch> msgs{};
    std::size_t n = batch.size - done;
    for (std::size_t i = 0; i < n; ++i) {
      Queued& q = batch.items[done + i];
      iov[i] = {q.syn.data(), q.syn.size()};
      msgs[i].msg_hdr.msg_name = &q.to;
      msgs[i].msg_hdr.msg_namelen = sizeof(q.to);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int sent = ::sendmmsg(send_.get(), msgs.data(), static_cast<unsigned>(n), 0);
    if (sent > 0) {
      done += static_cast<std::size_t>(sent);
      continue;
    }
    if (errno == EAGAIN || errno == ENOBUFS) {  // the send buffer is full: wait for room
      {
        std::lock_guard lock(mutex_);
        if (stop_) return;
      }
      pollfd out{send_.get(), POLLOUT, 0};
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

namespace {

// Reads up to kBatch packets with one recvmmsg(): headers are all we need, so each
// slot is small, and a full-range scan's 65,535 answers cost ~1,000 system calls.
constexpr std::size_t kBatch = 64;
constexpr std::size_t kSlot = 256;  // IPv4 header (<= 60) + ICMP + quoted IPv4 + 8 bytes

struct Batch {
  std::array<std::array<std::uint8_t, kSlot>, kBatch> bufs{};
  std::array<iovec, kBatch> iov{};
  std::array<mmsghdr, kBatch> msgs{};

  // Number of packets read (0 when none are waiting).
  std::size_t read(int fd) {
    for (std::size_t i = 0; i < kBatch; ++i) {
      iov[i] = {bufs[i].data(), kSlot};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = ::recvmmsg(fd, msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  std::span<const std::uint8_t> packet(std::size_t i) const {
    return {bufs[i].data(), std::min<std::size_t>(msgs[i].msg_len, kSlot)};
  }
};

}  // namespace

void SynProber::drain_tcp(std::vector<Reply>& replies) {
  static thread_local Batch batch;
  for (int round = 0; round < 64; ++round) {  // bounded: give the engine its turn under a flood
    std::size_t n = batch.read(tcp_.get());
    for (std::size_t i = 0; i < n; ++i) {
      auto seg = parse_ipv4_tcp(batch.packet(i));
      if (!seg || seg->dst_port != src_port_) continue;
      if (seg->ack != cookie(seg->src_ip, seg->src_port) + 1) continue;  // not an answer to our SYN
      Reply r;
      r.key = {IpAddress::v4(seg->src_ip), seg->src_port};
      r.ttl = seg->ttl;
      r.window = seg->window;
      if ((seg->flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck)) {
        r.state = PortState::kOpen, r.reason = "syn-ack";
      } else if (seg->flags & kTcpRst) {
        r.state = PortState::kClosed, r.reason = "reset";
      } else {
        continue;
      }
      replies.push_back(r);
    }
    if (n < kBatch) return;
  }
}

void SynProber::drain_icmp(std::vector<Reply>& replies) {
  static thread_local Batch batch;
  for (int round = 0; round < 64; ++round) {
    std::size_t n = batch.read(icmp_.get());
    for (std::size_t i = 0; i < n; ++i) {
      auto icmp = parse_ipv4_icmp_unreach(batch.packet(i));
      if (!icmp || icmp->quoted_proto != 6 || icmp->quoted_src_port != src_port_) continue;
      if (icmp->quoted_tcp_seq != cookie(icmp->quoted_dst_ip, icmp->quoted_dst_port)) continue;
      Reply r;
      r.key = {IpAddress::v4(icmp->quoted_dst_ip), icmp->quoted_dst_port};
      r.state = PortState::kFiltered;
      r.reason = icmp_unreach_reason(icmp->code);
      r.ttl = icmp->ttl;
      replies.push_back(r);
    }
    if (n < kBatch) return;
  }
}

void SynProber::wait(Duration max_wait, std::vector<Reply>& replies) {
  hand_off();
  pollfd fds[3] = {{tcp_.get(), POLLIN, 0}, {icmp_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(max_wait).count();
  int n = ::poll(fds, 3, ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 60'000)));
  if (n <= 0) return;
  if (fds[2].revents & POLLIN) {
    std::uint64_t count = 0;
    [[maybe_unused]] auto ignored = ::read(wake_.get(), &count, sizeof(count));
    std::lock_guard lock(mutex_);
    replies.insert(replies.end(), failed_.begin(), failed_.end());
    failed_.clear();
  }
  if (fds[0].revents & POLLIN) drain_tcp(replies);
  if (fds[1].revents & POLLIN) drain_icmp(replies);
}

Reply SynProber::no_response(const ProbeKey& key) const {
  return {key, PortState::kFiltered, "no-response", -1, -1};
}

}  // namespace sockscope::scan
