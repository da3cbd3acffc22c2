// -oX: nmap's XML, valid against /usr/share/nmap/nmap.dtd, so every nmap-XML consumer
// (ndiff, Metasploit's db_import, xsltproc nmap.xsl) reads it. The DTD fixes
// scanner="nmap"; we say who we are in a comment and in the version attribute.
// Hosts are written as they finish and the document is closed in end(), which also
// runs on Ctrl-C: the file is never left without its closing tags.
#include <cstdio>
#include <memory>

#include "core/text.h"
#include "net/port_spec.h"
#include "net/services.h"
#include "scan/output/result_writer.h"
#include "scan/port_listing.h"

namespace sockscope::scan {
namespace {

class XmlWriter final : public ResultWriter {
 public:
  explicit XmlWriter(std::ostream& out) : out_(out) {}

  void begin(const ScanInfo& info) override {
    info_ = info;
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n"
         << "<!-- sockscope " << xml_escape(info.version) << " scan initiated "
         << format_time(info.start, "%a %b %d %H:%M:%S %Y") << " -->\n"
         << "<nmaprun scanner=\"nmap\" args=\"" << xml_escape(info.command_line) << "\" start=\""
         << info.start << "\" startstr=\"" << format_time(info.start, "%a %b %d %H:%M:%S %Y")
         << "\" version=\"sockscope-" << xml_escape(info.version)
         << "\" xmloutputversion=\"1.05\">\n";
    for (ScanType t : info.types) {
      const auto& ports = t == ScanType::kUdp ? info.udp_ports : info.tcp_ports;
      out_ << "<scaninfo type=\"" << scan_type_name(t) << "\" protocol=\""
           << (t == ScanType::kUdp ? "udp" : "tcp") << "\" numservices=\"" << ports.size()
           << "\" services=\"" << net::format_port_ranges(ports) << "\"/>\n";
    }
    out_ << "<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n";
    // A resumed run: nmaprun's start is the first run's; this run is a task of its own,
    // whose extrainfo --resume reads back after a kill -9 (no <runstats> then).
    if (info.resumed) {
      char earlier[64] = "earlier scanning time not recorded";
      if (info.earlier_elapsed)
        std::snprintf(earlier, sizeof(earlier), "%.*s%.2f seconds",
                      static_cast<int>(kEarlierScanned.size()), kEarlierScanned.data(),
                      to_seconds(*info.earlier_elapsed));
      out_ << "<taskbegin task=\"" << kResumedTask << "\" time=\"" << info.run_start
           << "\" extrainfo=\"from " << xml_escape(info.resumed_from) << "; " << earlier
           << "\"/>\n";
    }
    out_.flush();
  }

  void host(const HostReport& host) override {
    std::string addr = host.target.address.to_string();
    out_ << "<host starttime=\"" << host.start << "\" endtime=\"" << host.end << "\">"
         << "<status state=\"up\" reason=\"user-set\" reason_ttl=\"0\"/>\n"
         << "<address addr=\"" << addr << "\" addrtype=\""
         << (host.target.address.family == AF_INET6 ? "ipv6" : "ipv4") << "\"/>\n<hostnames>\n";
    if (!host.target.name.empty())
      out_ << "<hostname name=\"" << xml_escape(host.target.name) << "\" type=\"user\"/>\n";
    out_ << "</hostnames>\n<ports>";
    std::vector<const PortResult*> listed;
    std::vector<PortGroup> groups;
    split_for_listing(host, info_.only_open, listed, groups);
    for (const PortGroup& g : groups) {
      out_ << "<extraports state=\"" << state_name(g.state) << "\" count=\"" << g.count << "\">\n";
      for (const auto& [reason, ports] : g.reason_ports) {
        out_ << "<extrareasons reason=\"" << xml_escape(reason) << "\" count=\"" << ports.size()
             << "\" proto=\"" << proto_name(g.proto) << "\" ports=\""
             << net::format_port_ranges(ports) << "\"/>\n";
      }
      out_ << "</extraports>\n";
    }
    for (const PortResult* r : listed) {
      out_ << "<port protocol=\"" << proto_name(r->proto) << "\" portid=\"" << r->port
           << "\"><state state=\"" << state_name(r->state) << "\" reason=\""
           << xml_escape(r->reason) << "\" reason_ttl=\"" << (r->ttl < 0 ? 0 : r->ttl) << "\"";
      if (r->reason_ip) out_ << " reason_ip=\"" << r->reason_ip->to_string() << "\"";
      out_ << "/>";
      write_service(*r);
      out_ << "</port>\n";
    }
    auto us = [](Duration d) {
      return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    };
    out_ << "</ports>\n";
    // The OS hint is a guess from TTL and window, not an OS match: nmap.dtd's <osmatch>
    // would claim more, so it is a host script's output, as an NSE script would give it.
    if (std::string hint = host_os_hint(host.results); !hint.empty())
      out_ << "<hostscript><script id=\"os-hint\" output=\"" << xml_escape(hint)
           << "\"/></hostscript>\n";
    out_ << "<times srtt=\"" << us(host.latency) << "\" rttvar=\"" << us(host.latency) << "\" to=\""
         << us(std::max<Duration>(host.latency * 4, std::chrono::milliseconds(100)))
         << "\"/>\n</host>\n";
    out_.flush();
    ++hosts_;
  }

  // <service> as nmap.dtd has it: method "probed" (conf 10) when a fingerprint named the
  // service, else the port's name from the table (conf 3); the banner and any note as
  // port scripts (nmap's own `banner` script puts a banner there), with the probe that
  // got it and any note (why no active probe was sent, or why nothing was learned).
  void write_service(const PortResult& r) {
    const ServiceFacts* f = r.service.get();
    bool probed = f != nullptr && !f->name.empty();
    std::string_view name = shown_service_name(r);
    bool tunnel = probed && name.substr(0, 4) == "ssl/";
    if (tunnel) name.remove_prefix(4);
    out_ << "<service name=\"" << xml_escape(name) << "\"";
    if (f != nullptr) {
      auto attribute = [&](const char* key, const std::string& value) {
        if (!value.empty()) out_ << " " << key << "=\"" << xml_escape(value) << "\"";
      };
      attribute("product", f->product);
      attribute("version", f->version);
      attribute("extrainfo", f->info);
      attribute("hostname", f->hostname);
      if (tunnel) out_ << " tunnel=\"ssl\"";
    }
    out_ << (probed ? " method=\"probed\" conf=\"10\"/>" : " method=\"table\" conf=\"3\"/>");
    if (f == nullptr) return;
    if (!f->banner.empty())
      out_ << "<script id=\"banner\" output=\"" << xml_escape(f->banner) << "\"/>";
    if (!f->probe.empty())
      out_ << "<script id=\"banner-probe\" output=\"" << xml_escape(f->probe) << "\"/>";
    if (!f->note.empty())
      out_ << "<script id=\"banner-note\" output=\"" << xml_escape(f->note) << "\"/>";
  }

  // elapsed and the summary: the whole scan's scanning time (earlier runs + this one).
  void end(const ScanSummary& s) override {
    char elapsed[32];
    std::snprintf(elapsed, sizeof(elapsed), "%.2f", to_seconds(total_elapsed(info_, s)));
    if (info_.resumed) {
      char run[32];
      std::snprintf(run, sizeof(run), "%.2f", to_seconds(s.elapsed));
      out_ << "<taskend task=\"" << kResumedTask << "\" time=\"" << s.end
           << "\" extrainfo=\"this run scanned for " << run << " seconds\"/>\n";
    }
    std::string summary = "sockscope done at " + format_time(s.end, "%a %b %d %H:%M:%S %Y") + "; " +
                          std::to_string(s.hosts_total) + " IP address" +
                          (s.hosts_total == 1 ? "" : "es") + " (" + std::to_string(s.hosts_up) +
                          " host" + (s.hosts_up == 1 ? "" : "s") + " up) scanned in " + elapsed +
                          " seconds" + this_run_note(info_, s);
    out_ << "<runstats><finished time=\"" << s.end << "\" timestr=\""
         << format_time(s.end, "%a %b %d %H:%M:%S %Y") << "\" summary=\"" << xml_escape(summary)
         << "\" elapsed=\"" << elapsed << "\" exit=\""
         << (s.interrupted ? "error\" errormsg=\"interrupted" : "success") << "\"/><hosts up=\""
         << s.hosts_up << "\" down=\"" << (s.hosts_total - s.hosts_up) << "\" total=\""
         << s.hosts_total << "\"/>\n</runstats>\n"
         << "</nmaprun>\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  ScanInfo info_;
  std::uint64_t hosts_ = 0;
};

}  // namespace

std::unique_ptr<ResultWriter> make_xml_writer(std::ostream& out) {
  return std::make_unique<XmlWriter>(out);
}

}  // namespace sockscope::scan
