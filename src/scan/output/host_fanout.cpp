#include "scan/output/host_fanout.h"

#include <exception>
#include <future>
#include <system_error>

namespace sockscope::scan {

void HostFanout::add(std::unique_ptr<ResultWriter> writer, const std::ostream* stream) {
  std::size_t group = 0;
  while (group < streams_.size() && streams_[group] != stream) ++group;
  if (group == streams_.size()) {
    streams_.push_back(stream);
    by_stream_.emplace_back();
  }
  by_stream_[group].push_back(writers_.size());
  writers_.push_back(std::move(writer));
}

void HostFanout::host(const HostReport& report) {
  auto write_group = [&](std::size_t group) {
    for (std::size_t i : by_stream_[group]) writers_[i]->host(report);
  };
  if (report.results.size() < kParallelFrom || by_stream_.size() < 2) {
    for (std::size_t g = 0; g < by_stream_.size(); ++g) write_group(g);
    return;
  }
  // The first stream's writers on this thread, each other stream's on its own.
  std::vector<std::future<void>> others;
  std::size_t g = 1;
  try {
    for (; g < by_stream_.size(); ++g)
      others.push_back(std::async(std::launch::async, write_group, g));
  } catch (const std::system_error&) {
    // No thread to be had: what was not handed out is written here, in order.
  }
  std::exception_ptr failure;
  try {
    write_group(0);
    for (std::size_t rest = g; rest < by_stream_.size(); ++rest) write_group(rest);
  } catch (...) {
    failure = std::current_exception();
  }
  for (auto& f : others) {  // every thread ends before this returns, failed or not
    try {
      f.get();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace sockscope::scan
