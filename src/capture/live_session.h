// Public. A whole `capture` run: a live capture (LiveCapture), optionally written to a
// file (-w, CaptureWriter), each packet through the PacketPrinter (decode -> -Y -> print).
// Output and file are drained together: at most every 100 ms while packets flow (a write
// per packet would let a burst overflow the kernel ring), and at once when the link goes
// quiet, so even a `kill -9` loses nothing captured before the pause. Never prints:
// run() hands the text to the caller's drain.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "capture/capture_writer.h"
#include "capture/live_capture.h"
#include "capture/packet_printer.h"
#include "core/clock.h"

namespace sockscope::capture {

struct SessionOptions {
  LiveOptions live;
  std::string write_path;  // -w FILE; empty: no file
  PrintOptions print;      // view kNone: nothing is decoded or printed
};

class LiveSession {
 public:
  // Opens the interface, then the file. Throws as LiveCapture and CaptureWriter do, and
  // usage_error for a bad display filter or a display filter together with a file (as
  // tshark: the file keeps what the capture filter lets through).
  explicit LiveSession(const SessionOptions& options);
  const LiveInfo& info() const { return live_->info(); }
  // Captures until count / duration / Ctrl-C / SIGTERM; `drain(text)` writes and clears
  // the printed text (the file is flushed at the same moments). The file is complete
  // when it returns.
  LiveResult run(const std::function<void(std::string&)>& drain,
                 const Clock& clock = SteadyClock::instance());

 private:
  PacketPrinter printer_;
  bool print_;
  std::unique_ptr<LiveCapture> live_;
  std::unique_ptr<CaptureWriter> writer_;
};

}  // namespace sockscope::capture
