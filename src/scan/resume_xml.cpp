#include "scan/resume_xml.h"

#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "core/error.h"
#include "core/text.h"
#include "net/port_spec.h"
#include "scan/output/result_writer.h"
#include "scan/resume_times.h"

namespace sockscope::scan {
namespace {

// One start or empty-element tag: its name and attributes (entities decoded).
struct Tag {
  std::string name;
  bool closing = false;
  std::map<std::string, std::string> attrs;
  std::string attr(const std::string& key) const {
    auto it = attrs.find(key);
    return it == attrs.end() ? std::string() : it->second;
  }
};

std::string decode_entities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s.substr(i);
      break;
    }
    std::string_view e = s.substr(i + 1, semi - i - 1);
    if (e == "amp") {
      out += '&';
    } else if (e == "lt") {
      out += '<';
    } else if (e == "gt") {
      out += '>';
    } else if (e == "quot") {
      out += '"';
    } else if (e == "apos") {
      out += '\'';
    } else if (e.size() > 1 && e[0] == '#') {
      unsigned long code = 0x80;
      try {
        code = e[1] == 'x' ? std::stoul(std::string(e.substr(2)), nullptr, 16)
                           : std::stoul(std::string(e.substr(1)));
      } catch (const std::exception&) {
      }
      if (code < 0x80) out += static_cast<char>(code);  // our files only escape ASCII
    } else {
      out += s.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// Reads the tag starting at text[pos] == '<'; returns false for comments, declarations
// and processing instructions (skipped) and sets pos past the tag either way.
bool read_tag(std::string_view text, std::size_t& pos, Tag& tag, bool& torn) {
  if (text.compare(pos, 4, "<!--") == 0) {
    std::size_t end = text.find("-->", pos);
    torn = end == std::string_view::npos;
    pos = torn ? text.size() : end + 3;
    return false;
  }
  std::size_t end = text.find('>', pos);
  if (end == std::string_view::npos) {
    torn = true;
    pos = text.size();
    return false;
  }
  std::string_view body = text.substr(pos + 1, end - pos - 1);
  pos = end + 1;
  if (body.empty() || body[0] == '!' || body[0] == '?') return false;
  tag = Tag{};
  std::size_t i = 0;
  if (body[0] == '/') tag.closing = true, i = 1;
  std::size_t name_end = body.find_first_of(" \t\r\n/", i);
  if (name_end == std::string_view::npos) name_end = body.size();
  tag.name = std::string(body.substr(i, name_end - i));
  i = name_end;
  while (i < body.size()) {
    std::size_t eq = body.find('=', i);
    if (eq == std::string_view::npos) break;
    std::size_t key_start = body.find_first_not_of(" \t\r\n", i);
    std::string key(body.substr(key_start, eq - key_start));
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::size_t q = body.find_first_of("\"'", eq);
    if (q == std::string_view::npos) break;
    std::size_t q_end = body.find(body[q], q + 1);
    if (q_end == std::string_view::npos) break;
    tag.attrs[key] = decode_entities(body.substr(q + 1, q_end - q - 1));
    i = q_end + 1;
  }
  return true;
}

// A whole-number or decimal attribute ("1700000000", "12.34"), or nullopt.
std::optional<double> number_of(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value) || value < 0 || value > 1e12)
    return std::nullopt;
  return value;
}

int ttl_of(const std::string& text) {
  // We write reason_ttl="0" when no reply carried a TTL; a received TTL is never 0.
  long long ttl = 0;
  return parse_decimal(text, 1, 255, ttl) ? static_cast<int>(ttl) : -1;
}

// --banners as the XML writer gives it (and nmap -sV): <service> with method="probed" or
// product/version, then <script id="banner">, "banner-probe" and "banner-note".
void read_service_tag(const Tag& tag, PortResult& r) {
  ServiceFacts f = r.service ? *r.service : ServiceFacts{};
  if (tag.name == "service") {
    bool probed = tag.attr("method") == "probed";
    if (!probed && tag.attr("product").empty() && tag.attr("version").empty()) return;
    if (probed) f.name = (tag.attr("tunnel") == "ssl" ? "ssl/" : "") + tag.attr("name");
    f.product = tag.attr("product");
    f.version = tag.attr("version");
    f.info = tag.attr("extrainfo");
    f.hostname = tag.attr("hostname");
  } else if (tag.attr("id") == "banner") {
    f.banner = tag.attr("output");
  } else if (tag.attr("id") == "banner-probe") {
    f.probe = tag.attr("output");
  } else if (tag.attr("id") == "banner-note") {
    f.note = tag.attr("output");
  } else {
    return;
  }
  r.service = std::make_shared<const ServiceFacts>(std::move(f));
}

}  // namespace

void parse_nmap_xml(const std::string& name, std::string_view text, ResumeFile& out) {
  auto bad = [&](const std::string& why) { bad_resume_file(name, why); };
  bool seen_root = false, in_host = false, torn = false, closed = false;
  RecordedTimes times;
  std::time_t host_end = 0;
  std::vector<PortResult> host_results;
  net::Target target;
  bool have_address = false;
  PortState extra_state = PortState::kClosed;
  bool in_extra = false;
  PortResult port;
  bool in_port = false;
  std::size_t pos = text.find('<');
  Tag tag;
  while (pos != std::string_view::npos && pos < text.size()) {
    if (!read_tag(text, pos, tag, torn)) {
      pos = text.find('<', pos);
      continue;
    }
    pos = text.find('<', pos);
    const std::string& n = tag.name;
    if (n == "nmaprun") {
      if (tag.closing) {
        closed = true;
        continue;
      }
      seen_root = true;
      out.arguments = words_after_scan(tag.attr("args"));
      times.start = static_cast<std::time_t>(number_of(tag.attr("start")).value_or(0));
    } else if (!seen_root) {
      bad("neither -oD NDJSON, -oJ JSON nor -oX XML (no <nmaprun>)");
    } else if (n == "scaninfo" && !tag.closing) {
      if (ScanType type; scan_type_from_name(tag.attr("type"), type)) out.types.push_back(type);
    } else if (n == "taskbegin" && !tag.closing && tag.attr("task") == kResumedTask) {
      // Ours: "from FILE; earlier runs scanned for 12.34 seconds" (or "... not recorded").
      times.run_start = static_cast<std::time_t>(number_of(tag.attr("time")).value_or(0));
      std::string info = tag.attr("extrainfo");
      std::size_t at = info.rfind(kEarlierScanned);
      times.earlier = std::nullopt;
      if (at != std::string::npos) {
        std::string rest = info.substr(at + kEarlierScanned.size());
        times.earlier = number_of(rest.substr(0, rest.find(' ')));
      }
    } else if (n == "finished" && !tag.closing) {
      times.elapsed = number_of(tag.attr("elapsed"));
    } else if (n == "host") {
      if (!tag.closing) {
        in_host = true, have_address = false, target = net::Target{};
        host_results.clear();
        host_end = static_cast<std::time_t>(number_of(tag.attr("endtime")).value_or(0));
      } else if (in_host) {
        // Only a whole host counts: one cut short by a kill is scanned again.
        if (have_address) {
          times.last_end = std::max(times.last_end, host_end);
          for (auto& r : host_results) {
            r.target = target;
            out.results.add(r);
          }
        }
        in_host = false;
      }
    } else if (!in_host) {
      continue;
    } else if (n == "address" && !tag.closing) {
      std::string type = tag.attr("addrtype");
      if (type == "ipv4" || type == "ipv6") {
        auto address = net::IpAddress::parse(tag.attr("addr"));
        if (!address || (address->family == AF_INET6) != (type == "ipv6"))
          bad("bad address '" + tag.attr("addr") + "'");
        target.address = *address;
        have_address = true;
      }
    } else if (n == "hostname" && !tag.closing && tag.attr("type") == "user") {
      target.name = tag.attr("name");
    } else if (n == "extraports") {
      in_extra = !tag.closing;
      if (in_extra && !parse_state_name(tag.attr("state"), extra_state))
        bad("unknown state '" + tag.attr("state") + "'");
    } else if (n == "extrareasons" && in_extra && !tag.closing) {
      // nmap before 7.90 does not list the ports: those are scanned again.
      std::vector<std::uint16_t> ports;
      if (tag.attrs.count("ports") && !net::parse_port_ranges(tag.attr("ports"), ports))
        bad("bad ports '" + tag.attr("ports") + "'");
      std::string proto = tag.attr("proto");
      for (std::uint16_t p : ports) {
        PortResult r;
        r.port = p;
        r.proto = proto == "udp" ? net::Transport::kUdp : net::Transport::kTcp;
        r.state = extra_state;
        r.reason = tag.attr("reason");
        host_results.push_back(std::move(r));
      }
    } else if (n == "port") {
      if (!tag.closing) {
        in_port = true;
        port = PortResult{};
        long long id = 0;
        if (!parse_decimal(tag.attr("portid"), 1, 65535, id))
          bad("bad portid '" + tag.attr("portid") + "'");
        port.port = static_cast<std::uint16_t>(id);
        port.proto = tag.attr("protocol") == "udp" ? net::Transport::kUdp : net::Transport::kTcp;
      } else {
        in_port = false;
      }
    } else if (n == "state" && in_port && !tag.closing) {
      if (!parse_state_name(tag.attr("state"), port.state))
        bad("unknown state '" + tag.attr("state") + "'");
      port.reason = tag.attr("reason");
      port.ttl = ttl_of(tag.attr("reason_ttl"));
      port.reason_ip = net::IpAddress::parse(tag.attr("reason_ip"));
      host_results.push_back(port);
    } else if ((n == "service" || n == "script") && in_port && !tag.closing &&
               !host_results.empty() && host_results.back().port == port.port) {
      read_service_tag(tag, host_results.back());
    }
  }
  if (!seen_root) bad("neither -oD NDJSON, -oJ JSON nor -oX XML (no <nmaprun>)");
  out.repaired = torn || !closed;
  times.apply(out);
}

}  // namespace sockscope::scan
