// Public. The lab as a list of named steps run in order over shared state, so later
// capabilities (scan, chat, capture) add a step without touching the others:
//   steps.push_back({"Scan the range", [](LabState& s, Transcript& t) { ...; return true; }});
// A step writes what it did to the Transcript and returns false (or throws) to stop the
// lab; later steps depend on earlier ones. Everything a step starts lives in LabState,
// whose destructor stops it, so the lab always cleans up.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "lab/background_server.h"
#include "lab/lab_files.h"
#include "net/address.h"

namespace sockscope::lab {

// Where the lab's story goes: the CLI prints it, tests collect it.
class Transcript {
 public:
  virtual ~Transcript() = default;
  virtual void step(int number, std::string_view name) = 0;  // a step begins
  virtual void line(std::string_view text) = 0;              // what it did or saw
  virtual void failed(std::string_view why) = 0;             // the step went wrong
};

// What steps share. Add fields for new steps; keep each one documented.
struct LabState {
  // The private 0700 directory of the lab's files (lab_files.h); first, so that it is
  // removed after everything that writes into it has stopped.
  std::unique_ptr<LabFiles> files;
  std::string capture_path;       // the lab's pcapng in `files`; empty without a capture
  std::string network;            // how the private network was made (private_network.h)
  net::Endpoint host;             // the lab host's address (127.0.0.1 on the private lo)
  std::uint16_t range_first = 0;  // the 100-port range the TCP server hides in
  std::uint16_t range_last = 0;
  std::unique_ptr<BackgroundServer> tcp_server;  // upper-case servers, stopped at the end
  std::unique_ptr<BackgroundServer> udp_server;
  std::unique_ptr<BackgroundServer> web_server;     // lab 001's web server (HTTP step)
  std::unique_ptr<BackgroundServer> banner_server;  // lab 001's "is working" TCP server
  std::uint16_t found_tcp_port = 0;                 // what the probe step found
  std::vector<std::string> replies;                 // upper-case replies the clients received
  bool message_delivered = false;                   // the communicator exchange got its receipt
  Duration timeout = std::chrono::seconds(2);       // for every client wait inside the lab
  unsigned seed = 0;                                // picks the ports
};

// Each line of `text` as a transcript line after `prefix`; an empty line stays empty, or
// is left out with skip_empty. For showing a command's output inside a step.
void show_lines(Transcript& transcript, std::string_view text, std::string_view prefix,
                bool skip_empty = false);

struct Step {
  std::string name;
  std::function<bool(LabState&, Transcript&)> run;
};

struct LabResult {
  int passed = 0;
  int total = 0;
  std::string failed_step;  // empty when every step passed
  Duration elapsed{};
  bool ok() const { return failed_step.empty() && passed == total; }
};

// Runs the steps in order, stopping at the first failure (a throw counts as one, with
// its message in the transcript).
LabResult run_steps(const std::vector<Step>& steps, LabState& state, Transcript& transcript,
                    const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::lab
