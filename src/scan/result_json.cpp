#include "scan/result_json.h"

#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "net/port_spec.h"
#include "net/services.h"
#include "scan/output/result_writer.h"
#include "scan/recorded_command.h"

namespace sockscope::scan {
namespace {

using namespace std::string_view_literals;

// Each object is written through a pointer into room made once for its longest form.

// Writes `text` as a JSON string at `p`, which has room for json_string_room(text).
constexpr std::size_t json_string_room(std::string_view text) {
  return 2 + 6 * text.size();  // quotes; \u00XX for each control character at most
}
char* put_string(char* p, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  *p++ = '"';
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      *p++ = '\\';
      *p++ = c;
    } else if (u < 0x20) {
      std::memcpy(p, "\\u00", 4);
      p[4] = kHex[u >> 4];
      p[5] = kHex[u & 15];
      p += 6;
    } else {
      *p++ = c;
    }
  }
  *p++ = '"';
  return p;
}
char* put(char* p, std::string_view text) {
  if (text.empty()) return p;  // an empty view may hold no pointer: memcpy must not see it
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}
constexpr std::size_t kIntRoom = 20;
char* put_int(char* p, long long value) {
  return std::to_chars(p, p + kIntRoom, value).ptr;
}

// Appends what `write(char*)` writes, in at most `room` bytes, to `out`.
template <typename Write>
void append_by_hand(std::string& out, std::size_t room, Write write) {
  std::size_t at = out.size();
  out.resize(at + room);
  char* end = write(out.data() + at);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

bool parse_address(const std::string& text, net::IpAddress& out) {
  auto a = net::IpAddress::parse(text);
  if (a) out = *a;
  return a.has_value();
}

bool parse_proto(const std::string& text, net::Transport& out) {
  if (text != "tcp" && text != "udp") return false;
  out = text == "udp" ? net::Transport::kUdp : net::Transport::kTcp;
  return true;
}

int int_member(const nlohmann::json& j, const char* key, int fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

// --banners: "service_method" ("probed" when a fingerprint named the service, as nmap's
// XML says it; "table" when the name is the port's) marks a result that went through
// detection; the other members are written when not empty.
char* put_service_facts(char* p, const ServiceFacts& f) {
  p = put(p,
          f.name.empty() ? ",\"service_method\":\"table\""sv : ",\"service_method\":\"probed\""sv);
  auto member = [&](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    p = put(p, ",\""sv);
    p = put(p, key);
    p = put(p, "\":"sv);
    p = put_string(p, value);
  };
  member("product", f.product);
  member("version", f.version);
  member("info", f.info);
  member("hostname", f.hostname);
  member("banner", f.banner);
  member("banner_probe", f.probe);
  member("service_note", f.note);
  return p;
}

// The facts of a result written by put_service_facts; null when it has none.
std::shared_ptr<const ServiceFacts> read_service_facts(const nlohmann::json& j) {
  std::string method = string_member(j, "service_method", "");
  if (method != "probed" && method != "table") return nullptr;
  auto f = std::make_shared<ServiceFacts>();
  if (method == "probed") f->name = string_member(j, "service", "");
  f->product = string_member(j, "product", "");
  f->version = string_member(j, "version", "");
  f->info = string_member(j, "info", "");
  f->hostname = string_member(j, "hostname", "");
  f->banner = string_member(j, "banner", "");
  f->probe = string_member(j, "banner_probe", "");
  f->note = string_member(j, "service_note", "");
  return f;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  append_by_hand(out, json_string_room(text), [&](char* p) { return put_string(p, text); });
}

void append_json_int(std::string& out, long long value) {
  append_by_hand(out, kIntRoom, [&](char* p) { return put_int(p, value); });
}

void append_host_fields(std::string& out, const net::Target& target) {
  out += "\"host\":";
  append_json_string(out, target.address.to_string());
  if (!target.name.empty()) {
    out += ",\"name\":";
    append_json_string(out, target.name);
  }
  out += ',';
}

// The fields keep the port-probing lab's autograder names: port, open, reason.
void append_result(std::string& out, const PortResult& r, std::string_view host_fields) {
  std::string_view proto = proto_name(r.proto);
  std::string_view state = state_name(r.state);
  std::string_view service = shown_service_name(r);
  std::string reason_ip = r.reason_ip ? r.reason_ip->to_string() : std::string();
  std::string os_hint = result_os_hint(r);
  std::size_t room = 160 + host_fields.size() + json_string_room(state) +
                     json_string_room(r.reason) + json_string_room(service) +
                     json_string_room(reason_ip) + json_string_room(os_hint);
  if (r.service) {
    const ServiceFacts& f = *r.service;
    room += 160;
    for (const std::string* t :
         {&f.product, &f.version, &f.info, &f.hostname, &f.banner, &f.probe, &f.note})
      room += json_string_room(*t);
  }
  append_by_hand(out, room, [&](char* p) {
    *p++ = '{';
    p = put(p, host_fields);
    p = put(p, "\"port\":"sv);
    p = put_int(p, r.port);
    p = put(p, ",\"proto\":\""sv);
    p = put(p, proto);
    p = put(p, r.state == PortState::kOpen ? "\",\"open\":true,\"state\":"sv
                                           : "\",\"open\":false,\"state\":"sv);
    p = put_string(p, state);
    p = put(p, ",\"reason\":"sv);
    p = put_string(p, r.reason);
    p = put(p, ",\"service\":"sv);
    p = put_string(p, service);
    p = put(p, ",\"ttl\":"sv);
    p = r.ttl < 0 ? put(p, "null"sv) : put_int(p, r.ttl);
    if (r.window >= 0) {
      p = put(p, ",\"window\":"sv);
      p = put_int(p, r.window);
    }
    if (r.reason_ip) {  // an ICMP error from someone other than the target (nmap's reason_ip)
      p = put(p, ",\"reason_ip\":"sv);
      p = put_string(p, reason_ip);
    }
    if (!os_hint.empty()) {
      p = put(p, ",\"os_hint\":"sv);
      p = put_string(p, os_hint);
    }
    if (r.service) p = put_service_facts(p, *r.service);
    *p++ = '}';
    return p;
  });
}

bool read_result(const nlohmann::json& j, const std::string& host, const std::string& name,
                 PortResult& r) {
  if (!j.is_object()) return false;
  int port = int_member(j, "port", 0);
  if (port < 1 || port > 65535 || !parse_address(host, r.target.address)) return false;
  r.target.name = name;
  r.port = static_cast<std::uint16_t>(port);
  if (!parse_proto(string_member(j, "proto", "tcp"), r.proto)) return false;
  if (!parse_state_name(string_member(j, "state", ""), r.state)) return false;
  r.reason = string_member(j, "reason", "");
  r.ttl = int_member(j, "ttl", -1);
  r.window = int_member(j, "window", -1);
  if (net::IpAddress ip; parse_address(string_member(j, "reason_ip", ""), ip)) r.reason_ip = ip;
  r.service = read_service_facts(j);
  return true;
}

void append_extraports(std::string& out, const std::vector<PortGroup>& groups) {
  out += '[';
  bool first = true;
  for (const PortGroup& g : groups) {
    for (const auto& [reason, ports] : g.reason_ports) {
      out += first ? "{\"state\":" : ",{\"state\":";
      first = false;
      append_json_string(out, state_name(g.state));
      out += ",\"proto\":\"";
      out += proto_name(g.proto);
      out += "\",\"reason\":";
      append_json_string(out, reason);
      out += ",\"count\":";
      append_json_int(out, static_cast<long long>(ports.size()));
      out += ",\"ports\":\"";
      out += net::format_port_ranges(ports);
      out += "\"}";
    }
  }
  out += ']';
}

bool read_extraports(const nlohmann::json& list, const std::string& host, const std::string& name,
                     std::vector<PortResult>& out) {
  if (!list.is_array()) return false;
  PortResult r;
  if (!parse_address(host, r.target.address)) return false;
  r.target.name = name;
  for (const auto& g : list) {
    std::vector<std::uint16_t> ports;
    if (!g.is_object() || !parse_proto(string_member(g, "proto", ""), r.proto) ||
        !parse_state_name(string_member(g, "state", ""), r.state) ||
        !net::parse_port_ranges(string_member(g, "ports", ""), ports))
      return false;
    r.reason = string_member(g, "reason", "");
    for (std::uint16_t p : ports) {
      r.port = p;
      out.push_back(r);
    }
  }
  return true;
}

bool append_extraports_record(std::string& out, const net::Target& target,
                              const std::vector<PortGroup>& groups) {
  if (groups.empty()) return false;
  out += '{';
  append_host_fields(out, target);
  out += "\"extraports\":";
  append_extraports(out, groups);
  out += "}\n";
  return true;
}

bool read_host_fields(const nlohmann::json& j, std::string& host, std::string& name) {
  if (!j.is_object()) return false;
  auto it = j.find("host");
  if (it == j.end() || !it->is_string()) return false;
  host = it->get<std::string>();
  name = string_member(j, "name", "");
  return true;
}

bool is_extraports_record(const nlohmann::json& j) {
  return j.is_object() && !j.contains("port") && j.contains("extraports");
}

const nlohmann::json* host_results(const nlohmann::json& host) {
  auto it = host.find("results");
  return it != host.end() && it->is_array() ? &*it : nullptr;
}

const nlohmann::json* host_extraports(const nlohmann::json& j) {
  auto it = j.find("extraports");
  return it != j.end() ? &*it : nullptr;
}

std::time_t host_end(const nlohmann::json& host) {
  return time_member(host, "end");
}

bool read_ndjson_line(std::string_view line, std::vector<PortResult>& out) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  std::string host, name;
  if (j.is_discarded() || !read_host_fields(j, host, name)) return false;
  if (is_extraports_record(j)) return read_extraports(j["extraports"], host, name, out);
  PortResult r;
  if (!read_result(j, host, name, r)) return false;
  out.push_back(std::move(r));
  return true;
}

void write_json_head(std::ostream& out, const ScanInfo& info) {
  nlohmann::json types = nlohmann::json::array();
  for (ScanType t : info.types) types.push_back(scan_type_name(t));
  out << kJsonDocumentStart << ":\"sockscope\",\"version\":" << nlohmann::json(info.version).dump()
      << ",\"arguments\":" << nlohmann::json(info.command_line).dump()
      << ",\"argv\":" << nlohmann::json(info.arguments).dump() << ",\"scan_types\":" << types.dump()
      << ",\"start\":" << info.start << ",\"startstr\":\""
      << format_time(info.start, "%Y-%m-%dT%H:%M:%SZ") << '"';
  if (info.resumed) {
    nlohmann::json resumed;
    resumed["from"] = info.resumed_from;
    resumed["run_start"] = info.run_start;
    resumed["earlier_elapsed"] = info.earlier_elapsed
                                     ? nlohmann::json(to_seconds(*info.earlier_elapsed))
                                     : nlohmann::json(nullptr);
    out << ",\"resumed\":" << resumed.dump();
  }
  out << ",\n" << kJsonHostsLine;
}

JsonHead read_json_head(const nlohmann::json& doc) {
  JsonHead head;
  if (!doc.is_object()) return head;
  head.start = time_member(doc, "start");
  if (auto r = doc.find("resumed"); r != doc.end() && r->is_object()) {
    head.run_start = time_member(*r, "run_start");
    head.earlier = seconds_member(*r, "earlier_elapsed");
  }
  if (auto argv = doc.find("argv"); argv != doc.end() && argv->is_array()) {
    for (const auto& w : *argv)
      if (w.is_string()) head.arguments.push_back(w.get<std::string>());
  } else if (auto line = doc.find("arguments"); line != doc.end() && line->is_string()) {
    head.arguments = words_after_scan(line->get<std::string>());
  }
  if (auto types = doc.find("scan_types"); types != doc.end() && types->is_array()) {
    for (const auto& t : *types) {
      ScanType type;
      if (t.is_string() && scan_type_from_name(t.get<std::string>(), type))
        head.types.push_back(type);
    }
  }
  return head;
}

bool is_json_head(const nlohmann::json& head) {
  return head.is_object() && head.contains("scanner");
}

bool is_json_document(const nlohmann::json& doc) {
  return doc.is_object() && doc.contains("hosts");
}

const nlohmann::json* json_hosts(const nlohmann::json& doc) {
  if (!doc.is_object()) return nullptr;
  auto it = doc.find("hosts");
  return it != doc.end() && it->is_array() ? &*it : nullptr;
}

void append_json_host_head(std::string& out, const HostReport& host) {
  nlohmann::json head;
  head["host"] = host.target.address.to_string();
  if (!host.target.name.empty()) head["name"] = host.target.name;
  head["elapsed"] = to_seconds(host.elapsed);
  head["end"] = host.end;
  std::string text = head.dump();
  text.pop_back();  // reopen the object for "results"
  out += text;
  out += ",\"results\":[";
}

void append_json_host_extraports(std::string& out, const std::vector<PortGroup>& groups) {
  if (groups.empty()) return;
  out += ",\"extraports\":";
  append_extraports(out, groups);
}

void write_json_tail(std::ostream& out, const ScanInfo& info, const ScanSummary& s) {
  out << "\n],\"elapsed\":" << nlohmann::json(to_seconds(total_elapsed(info, s))).dump();
  if (info.resumed) out << ",\"run_elapsed\":" << nlohmann::json(to_seconds(s.elapsed)).dump();
  out << ",\"hosts_up\":" << s.hosts_up << ",\"hosts_total\":" << s.hosts_total
      << ",\"interrupted\":" << (s.interrupted ? "true" : "false") << "}\n";
}

std::optional<double> read_json_elapsed(const nlohmann::json& doc) {
  return seconds_member(doc, "elapsed");
}

std::string string_member(const nlohmann::json& j, const char* key, const std::string& fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::optional<double> seconds_member(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  double value = it->get<double>();
  if (!(value >= 0 && value <= 1e12)) return std::nullopt;
  return value;
}

std::time_t time_member(const nlohmann::json& j, const char* key) {
  return static_cast<std::time_t>(seconds_member(j, key).value_or(0));
}

}  // namespace sockscope::scan
