#include "lab/lab_banners.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "discover/banners_csv.h"
#include "discover/report.h"
#include "discover/report_doc.h"
#include "discover/service_detection.h"
#include "fmt/format.h"
#include "lab/lab_files.h"
#include "message/protocol.h"
#include "message/receiver.h"
#include "net/connector.h"
#include "scan/output/result_writer.h"
#include "scan/scan.h"

namespace sockscope::lab {
namespace {

// A communicator receiver for the length of the step: it answers whatever a probe sends
// with its receipt, as the lab's receiver does. Stopped by the destructor (a last sender
// whose message tells the loop to end; the loop's own deadline bounds it anyway).
class CommunicatorReceiver {
 public:
  CommunicatorReceiver(const net::Endpoint& host, Duration bound) {
    net::Endpoint at = host;
    at.set_port(message::kDefaultPort);
    listener_.emplace(message::Listener::open(at));
    message::ReceiveOptions options;
    options.rule.quiet_gap = std::chrono::milliseconds(100);  // a probe never half-closes
    options.rule.message_timeout = bound;
    TimePoint stop = SteadyClock::instance().now() + bound;
    thread_ = std::thread([this, options, stop] {
      try {
        message::receive_messages(*listener_, options, stop, [this](const message::Received& r) {
          if (r.received()) ++messages_;
          return !stopping_;
        });
      } catch (const std::exception&) {  // accept() failing ends the receiver early
      }
    });
  }
  ~CommunicatorReceiver() {
    stopping_ = true;
    // One more sender, closed at once: its report lets the loop see stopping_.
    net::HostConnectResult c = net::connect_to_host(
        listener_->local().address_string(), listener_->local().port(), std::chrono::seconds(1));
    c.connection.fd.reset();
    thread_.join();
  }
  std::uint16_t port() const { return listener_->local().port(); }
  int messages() const { return messages_; }

 private:
  std::optional<message::Listener> listener_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> messages_{0};
  std::thread thread_;
};

}  // namespace

bool grab_lab_banners(LabState& state, Transcript& t) {
  if (!state.files) state.files = std::make_unique<LabFiles>();
  if (!state.web_server || !state.banner_server) {
    t.failed("the HTTP and banner servers of the earlier steps are not running");
    return false;
  }
  CommunicatorReceiver communicator(state.host, 4 * state.timeout + std::chrono::seconds(4));
  std::string host = state.host.address_string();
  std::vector<std::uint16_t> ports = {state.web_server->local().port(),
                                      state.banner_server->local().port(), communicator.port()};
  std::sort(ports.begin(), ports.end());

  scan::ScanOptions options;
  options.targets.add(host, [](std::string_view) { return std::nullopt; });
  options.ports.tcp = ports;
  bool raw = scan::have_raw_privilege();
  options.types = {raw ? scan::ScanType::kSyn : scan::ScanType::kConnect};
  options.timing.max_timeout = std::max<Duration>(state.timeout, options.timing.min_timeout);
  std::string json_path = state.files->create("scan_banners.json");
  std::string csv_path = state.files->create("banners.csv");
  std::string report_path = state.files->create("report.md");
  std::string command = fmt::format(
      "sockscope scan {} {} --banners -p {} -oJ scan_banners.json --banners-csv "
      "banners.csv",
      host, raw ? "-sS" : "-sT", fmt::join(ports, ","));
  t.line("$ cd " + state.files->dir());
  t.line("$ " + command);

  // The port scan, its hosts held for detection (as `scan --banners` does).
  std::vector<scan::HostReport> hosts;
  scan::ScanEvents events;
  events.on_host = [&](const scan::HostReport& h) { hosts.push_back(h); };
  scan::ScanOutcome outcome = scan::run_scan(options, events);
  discover::FingerprintDb db = discover::FingerprintDb::builtin();
  discover::ServiceDetectionOptions detection;
  detection.connect_timeout = state.timeout;
  discover::detect_services(hosts, db, detection, nullptr);

  scan::ScanInfo info;
  info.command_line = command;
  info.start = std::time(nullptr);
  info.types = options.types;
  info.tcp_ports = ports;
  info.service_detection = true;
  info.version = SOCKSCOPE_VERSION;
  std::ostringstream normal;
  {
    std::ofstream json_file(json_path, std::ios::trunc);
    std::ofstream csv_file(csv_path, std::ios::trunc | std::ios::binary);
    auto json = scan::make_json_writer(json_file);
    auto text = scan::make_normal_writer(normal);
    for (scan::ResultWriter* w : {json.get(), text.get()}) {
      w->begin(info);
      for (const auto& h : hosts) {
        for (const auto& r : h.results) w->result(r);
        w->host(h);
      }
      w->end(outcome.summary);
    }
    discover::write_banners_csv(csv_file, hosts);
  }
  std::string shown = normal.str();
  shown.erase(0, shown.find('\n') + 1);  // the "Starting" line
  show_lines(t, shown, "scan     ", true);

  // The lab's exercise: banners.csv, read back; then the report from the scan's JSON.
  std::string csv = read_file(csv_path);
  show_lines(t, csv, "banners.csv: ", true);
  std::size_t rows = 0;
  for (char c : csv) rows += c == '\n' ? 1 : 0;
  discover::ReportInput input;
  input.scan_json = read_file(json_path);
  input.scan_origin = json_path;
  std::string report = discover::render_markdown(discover::build_report(input, db));
  {
    std::ofstream out(report_path, std::ios::trunc);
    out << report;
  }
  t.line(fmt::format("report.md ({} bytes) in {}; its port table:", report.size(),
                     state.files->dir()));
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| ", 0) == 0 && line.find("tcp") != std::string::npos) t.line("  " + line);
  }

  std::size_t with_banner = 0;
  for (const auto& h : hosts)
    for (const auto& r : h.results)
      if (r.state == scan::PortState::kOpen && r.service && !r.service->banner.empty())
        ++with_banner;
  if (with_banner != ports.size() || rows != ports.size() + 1) {
    t.failed(
        fmt::format("expected a banner from each of the {} ports and a banners.csv row each "
                    "({} banners, {} rows after the header)",
                    ports.size(), with_banner, rows == 0 ? 0 : rows - 1));
    return false;
  }
  return true;
}

}  // namespace sockscope::lab
