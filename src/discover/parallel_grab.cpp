#include "discover/parallel_grab.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "net/interrupt.h"

namespace sockscope::discover {

std::vector<GrabResult> grab_all(const std::vector<GrabTarget>& targets,
                                 const ParallelOptions& options, const GrabFunction& grab) {
  std::vector<GrabResult> results(targets.size());
  std::vector<bool> taken(targets.size(), false);
  std::map<std::string, std::size_t> active;  // grabs in flight per host
  std::size_t remaining = targets.size();
  std::mutex mutex;
  std::condition_variable changed;
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_start = Clock::now();
  const auto spacing = options.max_rate > 0
                           ? std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(1.0 / options.max_rate))
                           : Clock::duration::zero();
  std::size_t per_host = std::max<std::size_t>(options.per_host, 1);

  auto worker = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      // The first target not taken whose host has room.
      std::size_t pick = targets.size();
      changed.wait(lock, [&] {
        if (remaining == 0) return true;
        for (std::size_t i = 0; i < targets.size(); ++i) {
          if (!taken[i] && active[targets[i].host] < per_host) {
            pick = i;
            return true;
          }
        }
        return false;
      });
      if (pick == targets.size()) return;  // nothing left to take
      taken[pick] = true;
      --remaining;
      ++active[targets[pick].host];
      Clock::time_point start = std::max(next_start, Clock::now());
      next_start = start + spacing;
      lock.unlock();
      // A paced start may lie many seconds ahead (-T1: one every 15 s), so it is waited
      // for in slices, each ending with a look at the stop (as net::wait_for does).
      while (Clock::now() < start && !(options.stop && options.stop())) {
        std::this_thread::sleep_for(
            std::min<Clock::duration>(start - Clock::now(), net::kInterruptCheckInterval));
      }
      GrabResult result = grab(targets[pick]);
      lock.lock();
      results[pick] = std::move(result);
      --active[targets[pick].host];
      changed.notify_all();
    }
  };
  std::size_t threads = std::min(std::max<std::size_t>(options.max_parallel, 1), targets.size());
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace sockscope::discover
