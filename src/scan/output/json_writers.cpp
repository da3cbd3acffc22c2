// -oJ (one JSON document, streamed host by host and closed in end(), Ctrl-C included),
// -oD (NDJSON: one object per result, flushed as it happens) and --csv. Result objects
// keep the port-probing lab's autograder fields: port, open, reason.
#include <memory>
#include <nlohmann/json.hpp>

#include "scan/output/result_writer.h"

namespace sockscope::scan {
namespace {

nlohmann::json result_json(const PortResult& r) {
  nlohmann::json j;
  j["port"] = r.port;
  j["proto"] = proto_name(r.proto);
  j["open"] = r.state == PortState::kOpen;
  j["state"] = state_name(r.state);
  j["reason"] = r.reason;
  j["service"] = service_name(r.port, r.proto);
  j["ttl"] = r.ttl < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.ttl);
  if (r.window >= 0) j["window"] = r.window;
  return j;
}

class JsonWriter final : public ResultWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin(const ScanInfo& info) override {
    only_open_ = info.only_open;
    nlohmann::json types = nlohmann::json::array();
    for (ScanType t : info.types) types.push_back(scan_type_name(t));
    out_ << "{\"scanner\":\"sockscope\",\"version\":" << nlohmann::json(info.version).dump()
         << ",\"arguments\":" << nlohmann::json(info.command_line).dump() << ",\"scan_types\":" << types.dump()
         << ",\"start\":" << info.start << ",\"startstr\":\"" << format_time(info.start, "%Y-%m-%dT%H:%M:%SZ")
         << "\",\n\"hosts\":[";
    out_.flush();
  }

  void host(const HostReport& host) override {
    // Written result by result: a 65,535-port host as one nlohmann object would cost
    // tens of megabytes.
    nlohmann::json head;
    head["host"] = host.target.address.to_string();
    if (!host.target.name.empty()) head["name"] = host.target.name;
    head["elapsed"] = to_seconds(host.elapsed);
    std::string text = head.dump();
    text.pop_back();  // reopen the object for "results"
    out_ << (first_ ? "\n" : ",\n") << text << ",\"results\":[";
    bool first_result = true;
    for (const auto& r : host.results) {
      if (only_open_ && !is_shown_with_open(r.state)) continue;
      out_ << (first_result ? "" : ",") << result_json(r).dump();
      first_result = false;
    }
    out_ << "]}";
    first_ = false;
    out_.flush();
  }

  void end(const ScanSummary& s) override {
    out_ << "\n],\"elapsed\":" << nlohmann::json(to_seconds(s.elapsed)).dump() << ",\"hosts_up\":" << s.hosts_up
         << ",\"hosts_total\":" << s.hosts_total << ",\"interrupted\":" << (s.interrupted ? "true" : "false") << "}\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool only_open_ = false;
  bool first_ = true;
};

class NdjsonWriter final : public ResultWriter {
 public:
  NdjsonWriter(std::ostream& out, bool only_open) : out_(out), only_open_(only_open) {}
  void result(const PortResult& r) override {
    if (only_open_ && !is_shown_with_open(r.state)) return;
    nlohmann::json j = result_json(r);
    j["host"] = r.target.address.to_string();
    if (!r.target.name.empty()) j["name"] = r.target.name;
    out_ << j.dump() << "\n";
    out_.flush();  // a line is either whole or absent, whatever stops us
  }

 private:
  std::ostream& out_;
  bool only_open_;
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class CsvWriter final : public ResultWriter {
 public:
  CsvWriter(std::ostream& out, bool only_open) : out_(out), only_open_(only_open) {}
  void begin(const ScanInfo&) override { out_ << "host,port,proto,state,reason,service,ttl\n"; }
  void result(const PortResult& r) override {
    if (only_open_ && !is_shown_with_open(r.state)) return;
    out_ << csv_field(r.target.address.to_string()) << ',' << r.port << ',' << proto_name(r.proto) << ','
         << csv_field(state_name(r.state)) << ',' << csv_field(r.reason) << ',' << csv_field(service_name(r.port, r.proto))
         << ',' << (r.ttl < 0 ? std::string() : std::to_string(r.ttl)) << "\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool only_open_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_json_writer(std::ostream& out) { return std::make_unique<JsonWriter>(out); }
std::unique_ptr<ResultWriter> make_ndjson_writer(std::ostream& out, bool only_open) {
  return std::make_unique<NdjsonWriter>(out, only_open);
}
std::unique_ptr<ResultWriter> make_csv_writer(std::ostream& out, bool only_open) {
  return std::make_unique<CsvWriter>(out, only_open);
}

}  // namespace sockscope::scan
