// Public. Gives each finished host to every output writer. Formatting a full-range host
// (65,535 results: ~25 ms for -oJ, -oX and the normal table together) is the end of a
// scan, when the probing threads are done and the other cores idle: a large host goes to
// the writers of different streams at once, one thread per stream. Writers that share a
// stream (several outputs on stdout, "-") stay in their order on one thread.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <vector>

#include "scan/output/result_writer.h"

namespace sockscope::scan {

class HostFanout {
 public:
  // From this many results a host's writers run side by side (a thread costs ~50 us).
  static constexpr std::size_t kParallelFrom = 8192;

  void add(std::unique_ptr<ResultWriter> writer, const std::ostream* stream);

  std::size_t size() const { return writers_.size(); }
  ResultWriter& operator[](std::size_t i) { return *writers_[i]; }

  // Calls host() of every writer; an exception of any writer is rethrown here, after
  // every thread has finished.
  void host(const HostReport& report);

 private:
  std::vector<std::unique_ptr<ResultWriter>> writers_;
  std::vector<std::vector<std::size_t>> by_stream_;  // writer indexes, in order, per stream
  std::vector<const std::ostream*> streams_;         // parallel to by_stream_
};

}  // namespace sockscope::scan
