// Public. The probing core shared by `scan` and `probe`: walks the target x port space
// (or one shard of it), keeps up to a congestion window of probes in flight through a
// Prober, retransmits unanswered probes, adapts its timeout to measured round trips and
// slows down when answers show loss that slowing down cures (congestion.h: congestion
// slows the scan, random loss only buys more retries), never faster than
// --max-rate, and never slower than --min-rate while there is work (the floor overrides
// the window and the pacing, not --max-rate or --concurrency). Results stream out
// through callbacks as soon as each is final.
//
// The main loop reads as named phases: send new probes, retransmit or expire, wait,
// process replies. The clock is a parameter; the engine never prints.
// Memory grows with the probes in flight and the hosts being scanned, not with the size
// of the target x port space.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "net/target_list.h"
#include "scan/congestion.h"
#include "scan/prober.h"
#include "scan/rate_limiter.h"
#include "scan/timing.h"

namespace sockscope::scan {

struct WorkSpace {
  const net::TargetList* targets = nullptr;
  const net::TargetList* exclude = nullptr;  // optional
  std::vector<std::uint16_t> ports;
  std::uint64_t shard_index = 0;  // 0-based; this run takes pairs with index % count == index
  std::uint64_t shard_count = 1;
  // Pairs finished by an earlier run (--resume); skipped, and their host counts as
  // having results (on_host_done is called for it). Optional.
  std::function<bool(std::uint64_t target_index, const net::IpAddress&, std::uint16_t)>
      already_done;
};

struct EngineStats {
  std::uint64_t total = 0;     // pairs in this run's share of the space
  std::uint64_t finished = 0;  // pairs with a final result (or skipped)
  std::uint64_t skipped = 0;   // pairs an earlier run finished (--resume)
  std::uint64_t sent = 0;      // probes sent, retransmissions included
  std::uint64_t retransmits = 0;
  std::uint64_t drops = 0;        // answers that showed an earlier probe was lost
  std::uint64_t loss_cuts = 0;    // times loss halved the window and the pacing rate
  std::uint64_t loss_undone = 0;  // ... and was then found random and the cut undone
  std::uint64_t floor_sends = 0;  // probes sent only because --min-rate was owed one
  std::size_t max_in_flight = 0;
  double window = 0;   // congestion window now
  Duration timeout{};  // per-probe timeout now
  Duration srtt{};     // smoothed round trip now; zero until an answer measured one
  Duration elapsed{};
  bool interrupted = false;
};

struct EngineEvents {
  std::function<void(const PortResult&)> on_result;
  // Every pair of this host is final (not called for hosts wholly excluded or skipped).
  std::function<void(std::uint64_t target_index, const net::Target&)> on_host_done;
  std::function<void(const EngineStats&)> on_progress;  // about four times a second
  std::function<bool()> should_stop;                    // Ctrl-C, SIGTERM
};

class Engine {
 public:
  Engine(Prober& prober, const TimingOptions& timing, const Clock& clock = SteadyClock::instance());
  EngineStats run(const WorkSpace& space, const EngineEvents& events);

 private:
  struct Job {
    std::uint64_t target_index;
    ProbeKey key;
    int attempt;
  };
  struct Pending {
    std::uint64_t target_index;
    int attempt;
    TimePoint sent_at;
    bool waiting_resend;
    std::uint32_t epoch;       // Congestion's tally for the last try
    std::uint32_t lost_epoch;  // ... and for the one before (lost if this one is answered)
  };
  // Probes in send order. Every probe's deadline is its send time plus the timeout of
  // the moment, so this order is deadline order too, and a timeout that shrinks as
  // round trips are measured applies at once to probes already in flight.
  struct Sent {
    TimePoint sent_at;
    ProbeKey key;
    int attempt;
  };
  struct Host {
    net::Target target;
    std::uint64_t outstanding = 0;
    bool any_result = false;
  };

  // The phases.
  void send_new_probes();
  void retransmit_or_expire();
  void wait_for_replies();
  void process_replies();

  bool next_job(Job& job);
  bool have_work() const;
  std::size_t window_limit() const;
  std::size_t concurrency_limit() const { return std::max<std::size_t>(1, timing_.concurrency); }
  bool floor_owed() const { return floor_ && floor_->owed(); }
  void launch(const Job& job);
  void finalize(const ProbeKey& key, const Reply& reply, const Pending& pending);
  void on_answer(const Reply& reply);
  void close_finished_hosts();
  void report_progress(bool force);
  void sync_pacing();
  std::uint64_t sent_last_second(TimePoint now);

  Prober& prober_;
  TimingOptions timing_;
  const Clock& clock_;
  RateLimiter limiter_;                   // --max-rate
  std::unique_ptr<RateFloor> floor_;      // --min-rate, when set
  std::optional<RateLimiter> paced_;      // Congestion's rate, moved as it moves
  double paced_rate_ = 0;                 // the rate paced_ is set to, 0 for none
  std::optional<Congestion> congestion_;  // made by run(), which knows the space's size
  RttEstimator rtt_;

  const WorkSpace* space_ = nullptr;
  const EngineEvents* events_ = nullptr;
  std::uint64_t cursor_ = 0;  // next index into the target x port space
  std::uint64_t space_size_ = 0;
  std::deque<Job> resend_;
  std::unordered_map<ProbeKey, Pending, ProbeKeyHash> pending_;
  std::deque<Sent> sent_;
  std::map<std::uint64_t, Host> hosts_;  // hosts with pairs not yet final, in order
  std::vector<Reply> replies_;
  bool busy_ = false;                             // the prober said kBusy this round
  std::array<std::uint64_t, 10> sent_buckets_{};  // sends per 100 ms, for the recent rate
  std::int64_t bucket_epoch_ = 0;
  TimePoint start_{};
  TimePoint last_progress_{};
  EngineStats stats_;
};

}  // namespace sockscope::scan
