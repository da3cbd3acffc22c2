// -oG: nmap's grepable format, one "Host:" line per host with every listed port as
// port/state/proto//service///, the largest collapsed group as "Ignored State".
#include <algorithm>
#include <memory>

#include "net/services.h"
#include "scan/output/result_writer.h"
#include "scan/port_listing.h"

namespace sockscope::scan {
namespace {

class GrepableWriter final : public ResultWriter {
 public:
  explicit GrepableWriter(std::ostream& out) : out_(out) {}

  void begin(const ScanInfo& info) override {
    info_ = info;
    out_ << "# sockscope " << info.version << " scan initiated "
         << format_time(info.start, "%a %b %d %H:%M:%S %Y") << " as: " << info.command_line << "\n";
    if (info.resumed) out_ << "# Scan " << resumed_note(info) << "\n";
    out_.flush();
  }

  void host(const HostReport& host) override {
    std::string head = "Host: " + host.target.address.to_string() + " (" + host.target.name + ")";
    out_ << head << "\tStatus: Up\n";
    std::vector<const PortResult*> listed;
    std::vector<PortGroup> groups;
    split_for_listing(host, info_.only_open, listed, groups);
    // Only one state may be "ignored" in this format; ports of other groups are listed.
    std::vector<const PortResult*> all = listed;
    if (groups.size() > 1) {
      for (const auto& r : host.results) {
        for (std::size_t g = 1; g < groups.size(); ++g) {
          if (r.state == groups[g].state && r.proto == groups[g].proto) all.push_back(&r);
        }
      }
      std::sort(all.begin(), all.end(), [](const PortResult* a, const PortResult* b) {
        return std::make_pair(a->proto, a->port) < std::make_pair(b->proto, b->port);
      });
    }
    out_ << head << "\tPorts: ";
    for (std::size_t i = 0; i < all.size(); ++i) {
      const PortResult& r = *all[i];
      out_ << (i ? ", " : "") << r.port << "/" << state_name(r.state) << "/" << proto_name(r.proto)
           << "//" << grepable_service(r) << "//" << grepable_version(r) << "/";
    }
    if (!groups.empty())
      out_ << "\tIgnored State: " << state_name(groups[0].state) << " (" << groups[0].count << ")";
    // nmap's -oG has an OS field after the ports; ours is a guess, and says so.
    if (std::string hint = host_os_hint(host.results); !hint.empty()) out_ << "\tOS: " << hint;
    out_ << "\n";
    out_.flush();
  }

  // "ssl/http" as nmap writes it here: "ssl|http".
  static std::string grepable_service(const PortResult& r) {
    std::string name(shown_service_name(r));
    std::replace(name.begin(), name.end(), '/', '|');
    return name;
  }

  // The version field of a port: nmap writes product, version and (extrainfo) with '/'
  // as '|', as the field separator would otherwise break the line apart.
  static std::string grepable_version(const PortResult& r) {
    if (!r.service) return {};
    std::string text = version_text(*r.service);
    std::replace(text.begin(), text.end(), '/', '|');
    std::replace(text.begin(), text.end(), ',', ' ');
    return text;
  }

  void end(const ScanSummary& s) override {
    char buf[256];
    std::snprintf(
        buf, sizeof(buf),
        "# sockscope done at %s -- %llu IP address%s (%llu host%s up) scanned in %.2f seconds%s\n",
        format_time(s.end, "%a %b %d %H:%M:%S %Y").c_str(),
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

std::unique_ptr<ResultWriter> make_grepable_writer(std::ostream& out) {
  return std::make_unique<GrepableWriter>(out);
}

}  // namespace sockscope::scan
