#include "lab/lab_capture.h"

#include <sstream>

#include "capture/capture_writer.h"
#include "capture/explain.h"
#include "capture/follow.h"
#include "capture/live_capture.h"
#include "capture/packet_printer.h"
#include "core/error.h"
#include "fmt/format.h"
#include "lab/lab_capture_answers.h"

namespace sockscope::lab {

struct LabCapture::Impl {
  std::atomic<bool> stop{false};
  std::unique_ptr<capture::LiveCapture> live;
  std::unique_ptr<capture::CaptureWriter> writer;
  std::thread thread;
  std::uint64_t packets = 0, dropped = 0;
  bool joined = false;
};

LabCapture::LabCapture(const std::string& interface, const std::string& path)
    : impl_(std::make_unique<Impl>()), path_(path) {
  capture::LiveOptions options;
  options.interface = interface;
  options.stop = &impl_->stop;
  options.immediate = false;  // only written to a file: ring blocks absorb the port scan
  impl_->live = std::make_unique<capture::LiveCapture>(options);
  capture::WriterInterface iface;
  iface.name = impl_->live->info().interface;
  iface.linktype = impl_->live->info().linktype;
  iface.snaplen = impl_->live->info().snaplen;
  impl_->writer = std::make_unique<capture::CaptureWriter>(path, iface);
  Impl* impl = impl_.get();
  impl_->thread = std::thread([impl] {
    auto result = impl->live->run(
        [impl](const capture::Record& r) {
          impl->writer->write(capture::to_ns(r.ts), r.len, r.data);
        },
        [impl](std::size_t) { impl->writer->flush(); });
    impl->packets = result.packets;
    impl->dropped = result.dropped;
  });
}

std::uint64_t LabCapture::stop() {
  if (!impl_->joined) {
    impl_->stop = true;
    impl_->thread.join();
    impl_->joined = true;
    impl_->writer.reset();  // flushes and closes the file
    impl_->live.reset();
  }
  return impl_->packets;
}

LabCapture::~LabCapture() {
  stop();
}

std::uint64_t LabCapture::dropped() const {
  return impl_->dropped;
}

namespace {

// The lab keeps its capture in a process-wide slot: LabState belongs to the lab owner's
// code, and the capture must outlive the steps between start and finish.
std::unique_ptr<LabCapture>& current() {
  static std::unique_ptr<LabCapture> capture;
  return capture;
}

void indent(Transcript& t, const std::string& text, const char* prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) t.line(line.empty() ? std::string() : prefix + line);
}

// The TCP stream number of the communicator's exchange (its receiver listens on
// 65432), or -1 when none was captured.
std::int64_t communicator_stream(const std::string& path) {
  return first_stream(path, "tcp.port == 65432");
}

}  // namespace

Step start_capture_step() {
  return {"Capture everything on lo (libpcap, pcapng)", [](LabState& s, Transcript& t) {
            // In the lab's private directory, never at a predictable name in /tmp.
            if (!s.files) s.files = std::make_unique<LabFiles>();
            std::string path = s.files->create("lab.pcapng");
            try {
              current() = std::make_unique<LabCapture>("lo", path);
            } catch (const Error& e) {
              // The lab still teaches sockets without packets; say why there are none.
              t.line(std::string("no capture: ") + e.what());
              return true;
            }
            t.line("capturing on lo into " + path + " (what Wireshark would show)");
            s.capture_path = path;
            return true;
          }};
}

std::vector<Step> finish_capture_steps() {
  std::vector<Step> steps;
  steps.push_back(
      {"Stop the capture and save it", [](LabState&, Transcript& t) {
         if (!current()) {
           t.line("(no capture was running)");
           return true;
         }
         std::uint64_t n = current()->stop();
         t.line(fmt::format(
             "{} packets saved to {} (open it with sockscope read, tshark or Wireshark)", n,
             current()->path()));
         if (current()->dropped() > 0)
           t.line(fmt::format("warning: the kernel dropped {} packets", current()->dropped()));
         return n > 0;
       }});
  steps.push_back({"Follow the communicator's TCP stream", [](LabState&, Transcript& t) {
                     if (!current()) return true;
                     std::int64_t n = communicator_stream(current()->path());
                     if (n < 0) {
                       t.failed("no packet to or from port 65432 was captured");
                       return false;
                     }
                     capture::FollowRequest request;
                     request.stream = n;
                     capture::FollowResult r = capture::follow_stream(current()->path(), request);
                     t.line(fmt::format("sockscope follow {} --tcp {}", current()->path(), n));
                     indent(t, r.text, "  ");
                     return r.found;
                   }});
  steps.push_back({"Explain the communicator's TCP stream", [](LabState&, Transcript& t) {
                     if (!current()) return true;
                     std::int64_t n = communicator_stream(current()->path());
                     capture::Explanation e =
                         capture::explain_stream(current()->path(), true, n < 0 ? 0 : n);
                     std::string text;
                     capture::append_explanation(text, e);
                     indent(t, text, "  ");
                     current().reset();
                     return e.found;
                   }});
  return steps;
}

void stop_capture() {
  current().reset();
}

}  // namespace sockscope::lab
