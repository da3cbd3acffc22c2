#include "capture/live_session.h"

#include "core/error.h"

namespace sockscope::capture {
namespace {

const PrintOptions& checked(const SessionOptions& options) {
  if (!options.print.filter.empty() && !options.write_path.empty())
    throw usage_error("-Y '" + options.print.filter +
                      "' with -w: display filters are not applied to the file being written "
                      "(as in tshark); use a capture filter (-f) or 'sockscope read FILE -Y' "
                      "afterwards");
  return options.print;
}

}  // namespace

LiveSession::LiveSession(const SessionOptions& options)
    : printer_(checked(options)),
      print_(options.print.view != PacketView::kNone),
      live_(std::make_unique<LiveCapture>(options.live)) {
  if (!options.write_path.empty()) {
    WriterInterface iface;
    iface.name = live_->info().interface;
    iface.linktype = live_->info().linktype;
    iface.snaplen = live_->info().snaplen;
    writer_ = std::make_unique<CaptureWriter>(options.write_path, iface);
  }
}

LiveResult LiveSession::run(const std::function<void(std::string&)>& drain, const Clock& clock) {
  auto flush = [&] {
    drain(printer_.text());
    if (writer_) writer_->flush();
  };
  TimePoint last_flush = clock.now();
  LiveResult result = live_->run(
      [&](const Record& record) {
        if (writer_) writer_->write(to_ns(record.ts), record.len, record.data);
        if (print_) printer_.add(record);
      },
      [&](std::size_t delivered) {
        // A round with nothing new means the link went quiet: flush at once.
        TimePoint now = clock.now();
        if (delivered > 0 && now - last_flush < std::chrono::milliseconds(100) &&
            printer_.text().size() < (1u << 20))
          return;
        last_flush = now;
        flush();
      },
      clock);
  flush();
  return result;
}

}  // namespace sockscope::capture
