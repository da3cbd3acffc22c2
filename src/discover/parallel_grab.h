// Public. Banners of many ports at once, the way `scan --banners` will run them after the
// port scan: at most `max_parallel` grabs in flight, at most `per_host` on one host (a
// small server is not hit by every probe of a full scan at once), grab starts paced to
// `max_rate` a second when given (--max-rate). Results come back in the order asked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "discover/banner_grabber.h"

namespace sockscope::discover {

struct GrabTarget {
  std::string host;
  std::uint16_t port = 0;
};

struct ParallelOptions {
  std::size_t max_parallel = 32;
  std::size_t per_host = 4;
  double max_rate = 0;  // grab starts a second; 0: no limit
  // True once the run should end (Ctrl-C): a start paced ahead waits no longer. The grab
  // function sees the stop itself and answers at once without grabbing.
  std::function<bool()> stop;
};

// One grab; grab_banner() with the caller's options in production, a fake in tests.
using GrabFunction = std::function<GrabResult(const GrabTarget&)>;

std::vector<GrabResult> grab_all(const std::vector<GrabTarget>& targets,
                                 const ParallelOptions& options, const GrabFunction& grab);

}  // namespace sockscope::discover
