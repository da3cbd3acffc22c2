#include "scan/engine.h"

#include <algorithm>

#include "net/interrupt.h"

namespace sockscope::scan {

using std::chrono::milliseconds;

Engine::Engine(Prober& prober, const TimingOptions& timing, const Clock& clock)
    : prober_(prober),
      timing_(timing),
      clock_(clock),
      limiter_(timing.max_rate, clock),
      rtt_(timing) {
  if (timing.min_rate > 0) floor_ = std::make_unique<RateFloor>(timing.min_rate, clock);
}

EngineStats Engine::run(const WorkSpace& space, const EngineEvents& events) {
  space_ = &space;
  events_ = &events;
  std::uint64_t targets = space.targets ? space.targets->size() : 0;
  space_size_ = targets * space.ports.size();
  std::uint64_t count = std::max<std::uint64_t>(1, space.shard_count);
  cursor_ = space.shard_index;
  stats_.total =
      space_size_ > space.shard_index ? (space_size_ - space.shard_index + count - 1) / count : 0;
  congestion_.emplace(timing_, stats_.total);
  start_ = last_progress_ = clock_.now();

  while (true) {
    if (events.should_stop && events.should_stop()) {
      stats_.interrupted = true;
      for (auto& [key, pending] : pending_) prober_.abandon(key);
      break;
    }
    send_new_probes();
    retransmit_or_expire();
    close_finished_hosts();
    if (pending_.empty() && !have_work()) break;
    wait_for_replies();
    process_replies();
    report_progress(false);
  }
  stats_.elapsed = clock_.now() - start_;
  report_progress(true);
  return stats_;
}

// Phase 1: fill the window with new probes and due retransmissions, within the rate.
void Engine::send_new_probes() {
  busy_ = false;
  while (true) {
    if (!have_work()) return;
    std::size_t in_flight = pending_.size() - resend_.size();
    bool regular =
        in_flight < window_limit() && !(paced_ && paced_->until_next() > Duration::zero());
    // When congestion control says wait but --min-rate is owed a probe, send anyway (past
    // the window and the pacing; never past --max-rate or --concurrency).
    bool floor = !regular && in_flight < concurrency_limit() && floor_owed();
    if (!regular && !floor) return;
    if (!limiter_.try_acquire()) return;
    if (paced_) paced_->try_acquire();
    Job job;
    if (!next_job(job)) return;
    std::uint64_t sent = stats_.sent;
    launch(job);
    if (floor && stats_.sent > sent) ++stats_.floor_sends;
    if (busy_) return;  // the prober ran out of resources this round
  }
}

// Phase 2: probes past their deadline are retransmitted (after a fresh token) or, out of
// retries, get the no-response verdict.
void Engine::retransmit_or_expire() {
  TimePoint now = clock_.now();
  Duration timeout = rtt_.timeout();
  congestion_->tick(now, timeout);
  sync_pacing();
  while (!sent_.empty() && sent_.front().sent_at + timeout <= now) {
    Sent e = sent_.front();
    sent_.pop_front();
    auto it = pending_.find(e.key);
    if (it == pending_.end() || it->second.attempt != e.attempt || it->second.waiting_resend)
      continue;
    prober_.abandon(e.key);
    // More once loss is seen, and as many as random loss needs (congestion.h).
    int retries = congestion_->retries();
    if (e.attempt < retries) {
      it->second.waiting_resend = true;
      resend_.push_back({it->second.target_index, e.key, e.attempt + 1});
    } else {
      Pending p = it->second;
      finalize(e.key, prober_.no_response(e.key), p);
    }
  }
}

// Phase 3: sleep in the prober until an answer, the next deadline or the next token.
void Engine::wait_for_replies() {
  TimePoint now = clock_.now();
  Duration wait = net::kInterruptCheckInterval;  // also bounds how late a Ctrl-C is noticed
  if (!sent_.empty()) wait = std::min(wait, sent_.front().sent_at + rtt_.timeout() - now);
  std::size_t in_flight = pending_.size() - resend_.size();
  if (have_work() && in_flight < window_limit()) {
    wait = std::min(
        wait, std::max(limiter_.until_next(), paced_ ? paced_->until_next() : Duration::zero()));
  }
  if (floor_ && have_work() && in_flight < concurrency_limit())
    wait = std::min(wait, std::max(limiter_.until_next(), floor_->until_owed()));
  if (busy_) wait = std::max<Duration>(wait, milliseconds(1));  // let resources free up
  if (wait < Duration::zero()) wait = Duration::zero();
  prober_.wait(wait, replies_);
}

// Phase 4: each answer finalizes its pair, feeds the RTT estimate and the window.
void Engine::process_replies() {
  std::vector<Reply> batch;
  batch.swap(replies_);
  for (const Reply& r : batch) on_answer(r);
}

void Engine::on_answer(const Reply& reply) {
  auto it = pending_.find(reply.key);
  if (it == pending_.end()) return;  // late duplicate, or not ours
  Pending p = it->second;
  TimePoint now = clock_.now();
  if (p.attempt == 0) {
    rtt_.sample(now - p.sent_at);  // Karn: only unambiguous samples
    congestion_->on_answer(p.epoch);
  } else {
    // An answer only a retransmission got: an earlier probe or its answer was lost.
    // p.sent_at is when that retransmission left.
    ++stats_.drops;
    congestion_->on_drop(p.epoch, p.lost_epoch, p.sent_at, now,
                         static_cast<double>(sent_last_second(now)));
  }
  sync_pacing();
  if (p.waiting_resend) std::erase_if(resend_, [&](const Job& j) { return j.key == reply.key; });
  finalize(reply.key, reply, p);
}

std::size_t Engine::window_limit() const {
  return std::min(congestion_->window(), concurrency_limit());
}

// Congestion's pacing rate as a token bucket. The rate moves with every answer while it
// grows: the bucket keeps what it has earned, so a move is neither an allocation nor a
// fresh burst.
void Engine::sync_pacing() {
  double rate = congestion_->rate();
  if (rate <= 0) {
    paced_.reset();
  } else if (!paced_) {
    paced_.emplace(rate, clock_);
  } else if (rate != paced_rate_) {
    paced_->set_max_rate(rate);
  }
  paced_rate_ = rate;
}

std::uint64_t Engine::sent_last_second(TimePoint now) {
  auto epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count() / 100;
  while (bucket_epoch_ < epoch) sent_buckets_[static_cast<std::size_t>(++bucket_epoch_ % 10)] = 0;
  std::uint64_t sum = 0;
  for (auto b : sent_buckets_) sum += b;
  return sum;
}

bool Engine::have_work() const {
  return !resend_.empty() || cursor_ < space_size_;
}

bool Engine::next_job(Job& job) {
  if (!resend_.empty()) {
    job = resend_.front();
    resend_.pop_front();
    return true;
  }
  std::uint64_t step = std::max<std::uint64_t>(1, space_->shard_count);
  std::size_t nports = space_->ports.size();
  while (cursor_ < space_size_) {
    std::uint64_t index = cursor_;
    cursor_ += step;
    std::uint64_t t = index / nports;
    std::uint16_t port = space_->ports[index % nports];
    auto host = hosts_.find(t);
    if (host == hosts_.end()) {
      net::Target target = space_->targets->at(t);
      if (space_->exclude && space_->exclude->contains(target.address)) {
        // Skip the whole host: jump the cursor to its last pair of our shard.
        std::uint64_t end = (t + 1) * nports;
        std::uint64_t skipped = 1;
        while (cursor_ < end) cursor_ += step, ++skipped;
        stats_.finished += skipped;
        continue;
      }
      host = hosts_.emplace(t, Host{std::move(target), 0, false}).first;
    }
    ProbeKey key{host->second.target.address, port};
    if (space_->already_done && space_->already_done(t, key.address, port)) {
      host->second.any_result = true;  // its earlier result is part of this host's report
      ++stats_.skipped;
      ++stats_.finished;
      // A run of finished pairs can span many hosts: close each as the cursor leaves it,
      // or every earlier result would be held until this call returns.
      close_finished_hosts();
      continue;
    }
    if (pending_.count(key)) {  // the same host listed twice: that pair is already under way
      ++stats_.finished;
      continue;
    }
    job = {t, key, 0};
    return true;
  }
  return false;
}

void Engine::launch(const Job& job) {
  std::size_t before = replies_.size();
  // Taken before the send: an answer the prober has at once (a loopback refusal) then
  // still measures the round trip instead of zero.
  TimePoint now = clock_.now();
  SendStatus status = prober_.send(job.key, job.attempt, replies_);
  if (status == SendStatus::kBusy) {
    // Out of descriptors or buffer space: back off and try this job again later.
    if (job.attempt > 0) {
      resend_.push_front(job);
    } else {
      auto& pending = pending_[job.key];
      std::uint32_t epoch = congestion_->epoch();
      pending = {job.target_index, job.attempt, clock_.now(), true, epoch, epoch};
      ++hosts_[job.target_index].outstanding;
      resend_.push_front(job);
    }
    std::size_t in_flight = pending_.size() - resend_.size();
    congestion_->on_busy(in_flight);
    busy_ = true;
    return;
  }
  ++stats_.sent;
  if (floor_) floor_->note_send();
  if (job.attempt > 0) ++stats_.retransmits;
  sent_last_second(now);
  ++sent_buckets_[static_cast<std::size_t>(bucket_epoch_ % 10)];
  std::uint32_t epoch = congestion_->epoch();
  auto [it, inserted] = pending_.try_emplace(
      job.key, Pending{job.target_index, job.attempt, now, false, epoch, epoch});
  if (inserted) {
    ++hosts_[job.target_index].outstanding;
  } else {
    it->second.attempt = job.attempt;
    it->second.sent_at = now;
    it->second.waiting_resend = false;
    it->second.lost_epoch = it->second.epoch;
    it->second.epoch = epoch;
  }
  if (status == SendStatus::kAnswered) {
    for (std::size_t i = before; i < replies_.size(); ++i) {
      if (replies_[i].key == job.key) {
        Reply r = replies_[i];
        replies_.erase(replies_.begin() + static_cast<std::ptrdiff_t>(i));
        on_answer(r);
        break;
      }
    }
    return;
  }
  stats_.max_in_flight = std::max(stats_.max_in_flight, pending_.size() - resend_.size());
  sent_.push_back({now, job.key, job.attempt});
}

void Engine::finalize(const ProbeKey& key, const Reply& reply, const Pending& pending) {
  auto host = hosts_.find(pending.target_index);
  PortResult result;
  result.target_index = pending.target_index;
  if (host != hosts_.end()) {
    result.target = host->second.target;
    host->second.any_result = true;
    if (host->second.outstanding > 0) --host->second.outstanding;
  } else {
    result.target.address = key.address;
  }
  result.port = key.port;
  result.proto = prober_.proto();
  result.state = reply.state;
  result.reason = reply.reason;
  result.ttl = reply.ttl;
  result.window = reply.window;
  result.reason_ip = reply.reason_ip;
  result.rtt = clock_.now() - pending.sent_at;
  pending_.erase(key);
  ++stats_.finished;
  if (events_->on_result) events_->on_result(result);
}

void Engine::close_finished_hosts() {
  std::size_t nports = space_->ports.size();
  std::uint64_t cursor_target = nports ? cursor_ / nports : 0;
  while (!hosts_.empty()) {
    auto it = hosts_.begin();
    bool passed = cursor_ >= space_size_ || it->first < cursor_target;
    if (!passed || it->second.outstanding > 0) return;
    if (it->second.any_result && events_->on_host_done)
      events_->on_host_done(it->first, it->second.target);
    hosts_.erase(it);
  }
}

void Engine::report_progress(bool force) {
  TimePoint now = clock_.now();
  if (!force && now - last_progress_ < milliseconds(250)) return;
  last_progress_ = now;
  stats_.window = congestion_->cwnd();
  stats_.loss_cuts = congestion_->cuts();
  stats_.loss_undone = congestion_->undone();
  stats_.timeout = rtt_.timeout();
  stats_.srtt = rtt_.has_samples() ? rtt_.srtt() : Duration::zero();
  stats_.elapsed = now - start_;
  if (events_->on_progress) events_->on_progress(stats_);
}

}  // namespace sockscope::scan
