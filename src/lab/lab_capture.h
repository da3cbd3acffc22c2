// Public. The lab's packet capture: everything the lab does on its private loopback is
// captured (libpcap, in a background thread) into a pcapng file, and at the end the
// communicator's TCP stream is followed and explained, as the Wireshark parts of the
// handouts ask. Owns the capture thread; stop() (or the destructor) ends it and closes
// the file.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "lab/steps.h"

namespace sockscope::lab {

class LabCapture {
 public:
  // Starts capturing on `interface` into `path`; throws sockscope::Error when libpcap
  // cannot open the interface (e.g. no capture privilege).
  LabCapture(const std::string& interface, const std::string& path);
  ~LabCapture();
  LabCapture(const LabCapture&) = delete;
  LabCapture& operator=(const LabCapture&) = delete;

  // Stops the thread and closes the file; returns the number of packets written.
  std::uint64_t stop();
  const std::string& path() const { return path_; }
  std::uint64_t dropped() const;  // kernel drops reported by libpcap, after stop()

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string path_;
};

// The steps: start capturing (first), then stop, follow and explain (last).
Step start_capture_step();
std::vector<Step> finish_capture_steps();
// Ends a capture that a lab stopped early left running (before its files are removed).
void stop_capture();

}  // namespace sockscope::lab
