// -oJ (one JSON document, streamed host by host and closed in end(), Ctrl-C included),
// -oD (NDJSON: one object per result, written every 64 KiB or 50 ms) and --csv. The JSON
// layout is scan/result_json.h's; this file decides when what is written. With --open,
// the ports not listed are kept as nmap's XML keeps them, in "extraports" port ranges (a
// field of the -oJ host; a per-host record line in -oD), so --resume knows them.
#include <algorithm>
#include <chrono>
#include <memory>
#include <unordered_map>

#include "net/services.h"
#include "scan/output/result_writer.h"
#include "scan/port_listing.h"
#include "scan/result_json.h"

namespace sockscope::scan {
namespace {

// Text goes to the stream in blocks of this size: one write call per ~64 KiB instead
// of per result or per host.
constexpr std::size_t kBlock = 64 * 1024;

class JsonWriter final : public ResultWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin(const ScanInfo& info) override {
    info_ = info;
    only_open_ = info.only_open;
    write_json_head(out_, info);
    out_.flush();
  }

  void host(const HostReport& host) override {
    // Written result by result: a 65,535-port host as one nlohmann object would cost
    // tens of megabytes.
    buffer_.clear();
    buffer_ += first_ ? "\n" : ",\n";
    append_json_host_head(buffer_, host);
    bool first_result = true;
    auto write_result = [&](const PortResult& r) {
      if (!first_result) buffer_ += ',';
      append_result(buffer_, r, {});
      first_result = false;
      if (buffer_.size() >= kBlock) {
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        buffer_.clear();
      }
    };
    std::vector<PortGroup> groups;  // --open: the ports not listed, one pass for both
    if (only_open_) {
      std::vector<const PortResult*> listed;
      split_for_listing(host, true, listed, groups);
      for (const PortResult* r : listed) write_result(*r);
    } else {
      for (const auto& r : host.results) write_result(r);
    }
    buffer_ += ']';
    append_json_host_extraports(buffer_, groups);
    buffer_ += '}';
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    first_ = false;
    out_.flush();
  }

  void end(const ScanSummary& s) override {
    write_json_tail(out_, info_, s);
    out_.flush();
  }

 private:
  std::ostream& out_;
  ScanInfo info_;
  bool only_open_ = false;
  bool first_ = true;
  std::string buffer_;
};

class NdjsonWriter final : public ResultWriter {
 public:
  NdjsonWriter(std::ostream& out, bool only_open, const Clock& clock)
      : out_(out), only_open_(only_open), clock_(clock) {
    buffer_.reserve(kBlock + 1024);
  }
  void result(const PortResult& r) override {
    if (only_open_ && !is_shown_with_open(r.state))
      hidden_[r.target.address].push_back(r);  // for the host's record
    else
      append_line(r);
    // Written when a block is full or 50 ms have passed (the clock read every 64
    // results, listed or not), never line by line: one write per result would cost more
    // than the probe. end() (Ctrl-C included) writes the rest; readers skip a torn last
    // line after a kill.
    if (buffer_.size() >= kBlock) {
      write_out();
    } else if ((++since_clock_ & 63) == 0) {
      TimePoint now = clock_.now();
      if (now - last_flush_ > std::chrono::milliseconds(50)) write_out(now);
    }
  }
  // With --open, a line for the host's ports not listed (when there are any):
  // {"host":"192.0.2.2","extraports":[...]}, a record without "port", as it holds no
  // single result. Without --open every result has its own line and none is written.
  // Only the results this writer was given count: a file appended to by --resume
  // already holds the earlier ones, and lists no pair twice.
  void host(const HostReport& host) override {
    auto hidden = hidden_.find(host.target.address);
    if (hidden != hidden_.end()) {
      HostReport rest;
      rest.target = host.target;
      rest.results = std::move(hidden->second);
      hidden_.erase(hidden);
      sort_by_port(rest.results);
      std::vector<const PortResult*> listed;
      std::vector<PortGroup> groups;
      split_for_listing(rest, true, listed, groups);
      append_extraports_record(buffer_, rest.target, groups);
    }
    write_out(clock_.now());
  }
  void end(const ScanSummary&) override { write_out(clock_.now()); }

 private:
  void append_line(const PortResult& r) {
    if (!have_host_ || !(r.target.address == host_) || r.target.name != host_name_) {
      host_ = r.target.address;
      host_name_ = r.target.name;
      have_host_ = true;
      host_fields_.clear();
      append_host_fields(host_fields_, r.target);
    }
    append_result(buffer_, r, host_fields_);
    buffer_ += '\n';
  }

  void write_out() { write_out(clock_.now()); }
  void write_out(TimePoint now) {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.flush();
    buffer_.clear();
    last_flush_ = now;
  }

  std::ostream& out_;
  bool only_open_;
  const Clock& clock_;
  std::string buffer_;
  bool have_host_ = false;
  net::IpAddress host_;
  std::string host_name_, host_fields_;
  std::unordered_map<net::IpAddress, std::vector<PortResult>, net::IpAddressHash>
      hidden_;  // --open
  unsigned since_clock_ = 0;
  TimePoint last_flush_{};
};

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// CSV rows go through the same reused buffer: no string per field, one write per block.
class CsvWriter final : public ResultWriter {
 public:
  CsvWriter(std::ostream& out, bool only_open) : out_(out), only_open_(only_open) {}
  // --banners adds product,version,banner,os_hint after the lab's columns.
  void begin(const ScanInfo& info) override {
    services_ = info.service_detection;
    out_ << "host,port,proto,state,reason,service,ttl"
         << (services_ ? ",product,version,banner,os_hint\n" : "\n");
  }
  void result(const PortResult& r) override {
    if (only_open_ && !is_shown_with_open(r.state)) return;
    if (!have_host_ || !(r.target.address == host_)) {
      host_ = r.target.address;
      have_host_ = true;
      host_field_.clear();
      append_csv_field(host_field_, host_.to_string());
    }
    buffer_ += host_field_;
    buffer_ += ',';
    append_json_int(buffer_, r.port);
    buffer_ += ',';
    buffer_ += proto_name(r.proto);
    buffer_ += ',';
    append_csv_field(buffer_, state_name(r.state));
    buffer_ += ',';
    append_csv_field(buffer_, r.reason);
    buffer_ += ',';
    append_csv_field(buffer_, shown_service_name(r));
    buffer_ += ',';
    if (r.ttl >= 0) append_json_int(buffer_, r.ttl);
    if (services_) {
      const ServiceFacts* f = r.service.get();
      for (std::string_view text : {f ? std::string_view(f->product) : std::string_view(),
                                    f ? std::string_view(f->version) : std::string_view(),
                                    f ? std::string_view(f->banner) : std::string_view()}) {
        buffer_ += ',';
        append_csv_field(buffer_, text);
      }
      buffer_ += ',';
      append_csv_field(buffer_, result_os_hint(r));
    }
    buffer_ += '\n';
    if (buffer_.size() >= kBlock) write_out(false);
  }
  void host(const HostReport&) override { write_out(true); }
  void end(const ScanSummary&) override { write_out(true); }

 private:
  void write_out(bool flush) {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (flush) out_.flush();
  }

  std::ostream& out_;
  bool only_open_;
  bool services_ = false;
  std::string buffer_;
  bool have_host_ = false;
  net::IpAddress host_;
  std::string host_field_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_json_writer(std::ostream& out) {
  return std::make_unique<JsonWriter>(out);
}
std::unique_ptr<ResultWriter> make_ndjson_writer(std::ostream& out, bool only_open,
                                                 const Clock& clock) {
  return std::make_unique<NdjsonWriter>(out, only_open, clock);
}
std::unique_ptr<ResultWriter> make_csv_writer(std::ostream& out, bool only_open) {
  return std::make_unique<CsvWriter>(out, only_open);
}

}  // namespace sockscope::scan
