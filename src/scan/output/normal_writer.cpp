// -oN and the terminal: nmap's normal output, shaped so people's eyes and greps carry
// over ("PORT STATE SERVICE", "Not shown: ...").
#include <cstdio>
#include <memory>

#include "net/services.h"
#include "scan/output/result_writer.h"
#include "scan/port_listing.h"

namespace sockscope::scan {
namespace {

std::string group_text(const PortGroup& g) {
  std::string text = std::to_string(g.count) + " " + state_name(g.state) + " " +
                     proto_name(g.proto) + (g.count == 1 ? " port" : " ports") + " (";
  if (g.reasons.size() == 1) {
    text += g.reasons[0].first;
  } else {
    for (std::size_t i = 0; i < g.reasons.size(); ++i) {
      if (i) text += ", ";
      text += std::to_string(g.reasons[i].second) + " " + g.reasons[i].first;
    }
  }
  return text + ")";
}

class NormalWriter final : public ResultWriter {
 public:
  explicit NormalWriter(std::ostream& out) : out_(out) {}

  void begin(const ScanInfo& info) override {
    info_ = info;
    out_ << "Starting sockscope " << info.version << " at "
         << format_time(info.start, "%Y-%m-%d %H:%M UTC") << "\n";
    if (info.resumed) out_ << "Scan " << resumed_note(info) << "\n";
    out_.flush();
  }

  void host(const HostReport& host) override {
    std::string addr = host.target.address.to_string();
    std::string shown = host.target.name.empty() ? addr : host.target.name + " (" + addr + ")";
    out_ << "sockscope scan report for " << shown << "\n";
    if (host.latency > Duration::zero()) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "Host is up (%.6fs latency).\n", to_seconds(host.latency));
      out_ << buf;
    } else {
      out_ << "Host is up.\n";
    }
    std::vector<const PortResult*> listed;
    std::vector<PortGroup> groups;
    split_for_listing(host, info_.only_open, listed, groups);
    if (listed.empty()) {
      out_ << "All " << host.results.size() << " scanned ports on " << shown
           << " are in ignored states.\n";
    }
    if (!groups.empty()) {
      out_ << "Not shown: ";
      for (std::size_t i = 0; i < groups.size(); ++i)
        out_ << (i ? ", " : "") << group_text(groups[i]);
      out_ << "\n";
    }
    if (!listed.empty()) {
      // nmap's columns: PORT STATE SERVICE [REASON] [VERSION]; the last one is not padded.
      std::vector<std::vector<std::string>> rows;
      std::vector<std::string> head = {"PORT", "STATE", "SERVICE"};
      if (info_.show_reason) head.emplace_back("REASON");
      if (info_.service_detection) head.emplace_back("VERSION");
      rows.push_back(std::move(head));
      for (const PortResult* r : listed) {
        std::vector<std::string> row = {std::to_string(r->port) + "/" + proto_name(r->proto),
                                        state_name(r->state), std::string(shown_service_name(*r))};
        if (info_.show_reason) {
          std::string reason = r->reason;
          if (r->reason_ip) reason += " from " + r->reason_ip->to_string();  // as nmap says it
          if (r->ttl >= 0) reason += " ttl " + std::to_string(r->ttl);
          row.push_back(std::move(reason));
        }
        if (info_.service_detection) row.push_back(r->service ? version_text(*r->service) : "");
        rows.push_back(std::move(row));
      }
      std::vector<std::size_t> width(rows[0].size(), 0);
      for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string line;
        for (std::size_t c = 0; c < rows[i].size(); ++c) {
          line += rows[i][c];
          if (c + 1 < rows[i].size()) line += std::string(width[c] + 1 - rows[i][c].size(), ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out_ << line << "\n";
        // The banner and any note under the port, as nmap prints script output.
        const PortResult* r = i > 0 ? listed[i - 1] : nullptr;
        if (r != nullptr && r->service) {
          const ServiceFacts& f = *r->service;
          if (!f.banner.empty() && !f.note.empty()) {
            out_ << "| banner: " << f.banner << "\n|_note: " << f.note << "\n";
          } else if (!f.banner.empty()) {
            out_ << "|_banner: " << f.banner << "\n";
          } else if (!f.note.empty()) {
            out_ << "|_note: " << f.note << "\n";
          }
        }
      }
    }
    if (std::string hint = host_os_hint(host.results); !hint.empty())
      out_ << "OS hint: " << hint << "\n";
    out_ << "\n";
    out_.flush();
  }

  void end(const ScanSummary& s) override {
    char buf[256];
    std::snprintf(buf, sizeof(buf),
                  "sockscope done: %llu IP address%s (%llu host%s up) scanned in %.2f seconds%s\n",
                  static_cast<unsigned long long>(s.hosts_total), s.hosts_total == 1 ? "" : "es",
                  static_cast<unsigned long long>(s.hosts_up), s.hosts_up == 1 ? "" : "s",
                  to_seconds(total_elapsed(info_, s)), this_run_note(info_, s).c_str());
    out_ << buf;
    out_.flush();
  }

 private:
  std::ostream& out_;
  ScanInfo info_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_normal_writer(std::ostream& out) {
  return std::make_unique<NormalWriter>(out);
}

}  // namespace sockscope::scan
