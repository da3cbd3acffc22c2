#include "scan/output/lab_json_writer.h"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace sockscope::scan {
namespace {

// Python's str(OSError) for the errno a connect() gets from each ICMP answer.
std::string python_os_error(int err) {
  return "[Errno " + std::to_string(err) + "] " + std::strerror(err);
}

class LabJsonWriter final : public ResultWriter {
 public:
  explicit LabJsonWriter(std::ostream& out) : out_(out) {}
  void begin(const ScanInfo& info) override { info_ = info; }
  void host(const HostReport& h) override {
    host_ = h.target.name.empty() ? h.target.address.to_string() : h.target.name;
    for (const PortResult& r : h.results) {
      if (r.proto != net::Transport::kTcp) continue;
      auto reason = lab_reason(r);
      results_.push_back(
          nlohmann::ordered_json{{"port", r.port},
                                 {"open", r.state == PortState::kOpen},
                                 {"reason", reason ? nlohmann::ordered_json(*reason) : nullptr}});
    }
  }
  void end(const ScanSummary& s) override {
    nlohmann::ordered_json doc;  // in the lab's order: host, elapsed, results
    doc["host"] = host_;
    doc["elapsed"] = to_seconds(total_elapsed(info_, s));
    doc["results"] = std::move(results_);
    results_ = nlohmann::ordered_json::array();
    out_ << doc.dump(2) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  ScanInfo info_;
  std::string host_;
  nlohmann::ordered_json results_ = nlohmann::ordered_json::array();
};

}  // namespace

void check_lab_json_fits(std::uint64_t targets, const std::vector<ScanType>& types) {
  if (targets > 1) {
    throw usage_error("bad --lab-json with " + std::to_string(targets) +
                      " targets: the lab's scan_results.json holds one host");
  }
  for (ScanType t : types)
    if (t != ScanType::kUdp) return;
  throw usage_error("bad --lab-json with -sU alone: the lab's scan_results.json holds TCP ports");
}

std::optional<std::string> lab_reason(const PortResult& r) {
  if (r.state == PortState::kOpen) return std::nullopt;
  if (r.state == PortState::kClosed) return "refused";
  if (r.reason == "host-unreach" || r.reason == "admin-prohibited")
    return python_os_error(EHOSTUNREACH);
  if (r.reason == "net-unreach") return python_os_error(ENETUNREACH);
  return "timeout";
}

std::unique_ptr<ResultWriter> make_lab_json_writer(std::ostream& out) {
  return std::make_unique<LabJsonWriter>(out);
}

}  // namespace sockscope::scan
