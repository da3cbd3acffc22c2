// Public. The one decode -> filter -> print path that `read`, `capture` and the lab share:
// records go in (from a capture file, a pipe or libpcap), each is numbered, dissected and
// stream-tracked, matched against a display filter and, when it matches, rendered as
// tshark renders it (summary line, -V details or -T json) into text() for the caller to
// write out. Never prints; print_file() runs a whole file or pipe through it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "capture/display_filter.h"
#include "capture/packet.h"
#include "capture/packet_decoder.h"
#include "capture/packet_file.h"
#include "capture/summary.h"

namespace sockscope::capture {

enum class PacketView { kNone, kSummary, kDetails, kJson };

struct PrintOptions {
  std::string filter;  // display filter (-Y); empty: every packet
  PacketView view = PacketView::kSummary;
  bool absolute_seq = false;
  std::uint64_t count = 0;  // stop after this many matching packets (-c); 0: all
};

class PacketPrinter {
 public:
  // Throws usage_error for a bad display filter.
  explicit PacketPrinter(const PrintOptions& options);

  // Decodes `record`; when it passes the filter (and -c is not reached), renders it into
  // text() and calls the match hook. Returns whether it matched.
  bool add(const Record& record);
  // Called with each matching packet (its bytes are valid during the call only).
  void on_match(std::function<void(const Packet&)> hook) { on_match_ = std::move(hook); }
  bool done() const { return options_.count != 0 && shown_ >= options_.count; }
  std::uint64_t shown() const { return shown_; }
  // The display filter's warning (a `matches` gave up on some packets), empty if none:
  // the caller says it once, after the last record.
  std::string filter_warning() const { return filter_.warning(); }
  // Rendered text not yet written: the caller writes it out and clears it.
  std::string& text() { return text_; }
  // Closes the output (the JSON array); call once after the last record.
  void finish();

 private:
  PrintOptions options_;
  DisplayFilter filter_;
  PacketDecoder decoder_;
  Packet packet_;
  std::string text_;
  std::uint64_t shown_ = 0;
  std::function<void(const Packet&)> on_match_;
};

// Feeds a capture file, a pipe or "-" (standard input) to `printer` until its end or until
// printer.done(). `drain(text)` writes and clears the text: called when it passes 1 MiB,
// before waiting for a pipe and at the end (after finish()). Returns the damage found
// ("'f': packet 17: ..."), empty when the file was whole; everything before it was printed.
// Throws usage_error when the file cannot be opened or is no capture.
std::string print_file(const std::string& path, PacketPrinter& printer,
                       const std::function<void(std::string&)>& drain);

}  // namespace sockscope::capture
