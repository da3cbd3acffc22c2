#include "capture/dns_detail.h"

#include <fmt/format.h>

#include <iterator>

#include "capture/dissect/dns.h"
#include "capture/text_out.h"
#include "capture/timestamp.h"

namespace sockscope::capture {
namespace {

constexpr std::uint16_t kOpt = 41;  // EDNS's pseudo-record: its class is a payload size

std::string type_text(std::uint16_t type) {
  const char* name = dns_type_name(type);
  return name != nullptr ? name : "Unknown (" + std::to_string(type) + ")";
}

// Wireshark's dns_classes names, as its record summaries show them.
std::string class_text(std::uint16_t klass) {
  switch (klass & 0x7fff) {  // (mDNS uses the top bit for cache flush / unicast response)
    case 1:
      return "IN";
    case 3:
      return "CH";
    case 2:
      return "CS";
    case 4:
      return "HS";
    case 254:
      return "NONE";
    case 255:
      return "ANY";
    default:
      return "Unknown";
  }
}

// "example.com: type A, class IN, addr 192.0.2.80": the summary tshark gives a record.
std::string record_summary(const DnsRecord& r) {
  std::string s = r.name + ": type " + type_text(r.type);
  if (r.type == kOpt) return s;
  s += ", class " + class_text(r.klass);
  if (!r.address.is_none()) {
    s += ", addr " + r.address.to_string();
  } else if (r.has_target) {
    switch (r.type) {
      case 2:
        s += ", ns " + r.target;
        break;
      case 5:
        s += ", cname " + r.target;
        break;
      case 6:
        s += ", mname " + r.target;
        break;
      case 15:
        s += fmt::format(", preference {}, mx {}", r.preference, r.target);
        break;
      default:
        s += ", " + r.target;
        break;
    }
  }
  return s;
}

// "3661 (1 hour, 1 minute, 1 second)": Wireshark's unsigned_time_secs_to_str.
std::string ttl_text(std::uint32_t ttl) {
  std::string s = std::to_string(ttl) + " (";
  if (ttl == 0) return s + "0 seconds)";
  const std::uint32_t parts[] = {ttl / 86400, ttl / 3600 % 24, ttl / 60 % 60, ttl % 60};
  const char* const units[] = {"day", "hour", "minute", "second"};
  bool first = true;
  for (int i = 0; i < 4; ++i) {
    if (parts[i] == 0) continue;
    s += fmt::format("{}{} {}{}", first ? "" : ", ", parts[i], units[i], parts[i] == 1 ? "" : "s");
    first = false;
  }
  return s + ")";
}

// A tree item's text as Wireshark keeps it: 239 bytes at most (ITEM_LABEL_LENGTH), a
// longer one cut and marked " [truncated]" (label_mark_truncated: 226 bytes of it stay).
std::string item_text(std::string text) {
  if (text.size() < 240) return text;
  return " [truncated]" + text.substr(0, 226);
}

std::string seconds(const Timestamp& t) {
  std::string s;
  append_seconds(s, t, 9);
  return s;
}

// The records of one section: answers, authority, additional, in the tree's order.
struct Section {
  const char* title;  // as tshark names the subtree
  const char* key;    // in JSON
  std::size_t from, count;
  bool shown;  // tshark adds the subtree: the walk got to it, it has a record to read
};

// Whether tshark adds a section's subtree: its count is not 0, the walk got to it and it
// starts before the message's end (a subtree "to the end" from the end throws first).
bool subtree_added(std::size_t count, bool reached, std::size_t start, Bytes message) {
  return count > 0 && reached && start < message.size();
}

// An UPDATE message (opcode 5, RFC 2136) names its sections otherwise.
bool is_update(const DnsHeader& h) {
  return ((h.flags >> 11) & 0xf) == 5;
}

std::vector<Section> sections(const DnsTree& t, Bytes message) {
  const bool update = is_update(t.header);
  const std::size_t total = t.records.size();
  // (the four counts are read before the questions, each section after the one before)
  bool reached = t.has_additional && t.questions.size() == t.header.questions;
  std::size_t at = 0;
  std::vector<Section> out;
  const auto add = [&](const char* title, const char* key, std::size_t wanted) {
    const std::size_t n = std::min(wanted, total - at);
    const std::size_t start = at == 0 ? t.questions_end : t.records[at - 1].end;
    out.push_back({title, key, at, n, subtree_added(wanted, reached, start, message)});
    at += n;
    reached = reached && n == wanted && !(t.stopped_in_last && at == total && n > 0);
  };
  add(update ? "Prerequisites" : "Answers", "answers", t.header.answers);
  add(update ? "Updates" : "Authoritative nameservers", "authority", t.authority);
  add("Additional records", "additional", t.additional);
  return out;
}

}  // namespace

void append_dns_detail(std::string& out, Bytes message, std::size_t reported,
                       const Packet::DnsLinks& links) {
  DnsTree t;
  if (!dns_tree(message, t)) return;  // (no ID and flags: Wireshark adds no item)
  const DnsHeader& h = t.header;
  const bool response = (h.flags & 0x8000u) != 0;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "Domain Name System ({})\n", response ? "response" : "query");
  fmt::format_to(it, "    Transaction ID: 0x{:04x}\n", h.id);
  fmt::format_to(it, "    Flags: 0x{:04x} {}{}{}\n", h.flags, dns_operation_name(h.flags, false),
                 response ? " response, " : "", response ? dns_rcode_name(h.flags, false) : "");
  // (counts the capture cut off are not shown, as tshark adds no item for them)
  const bool update = is_update(h);
  if (h.words >= 3) fmt::format_to(it, "    {}: {}\n", update ? "Zones" : "Questions", h.questions);
  if (h.words >= 4)
    fmt::format_to(it, "    {}: {}\n", update ? "Prerequisites" : "Answer RRs", h.answers);
  if (t.has_authority)
    fmt::format_to(it, "    {}: {}\n", update ? "Updates" : "Authority RRs", t.authority);
  if (t.has_additional) fmt::format_to(it, "    Additional RRs: {}\n", t.additional);
  if (subtree_added(h.questions, t.has_additional, 12, message)) {
    out.append(update ? "    Zone\n" : "    Queries\n");
    for (const DnsQuestion& q : t.questions)
      fmt::format_to(
          it, "        {}\n",
          item_text(q.name + ": type " + type_text(q.type) + ", class " + class_text(q.klass)));
  }
  for (const Section& s : sections(t, message)) {
    if (!s.shown) continue;
    fmt::format_to(it, "    {}\n", s.title);
    for (std::size_t i = s.from; i < s.from + s.count; ++i) {
      const DnsRecord& r = t.records[i];
      fmt::format_to(it, "        {}\n", item_text(record_summary(r)));
      if (r.type != kOpt) fmt::format_to(it, "            Time to live: {}\n", ttl_text(r.ttl));
      fmt::format_to(it, "            Data length: {}\n", r.length);
    }
  }
  // (the links are added after the tree: not where its walk threw)
  if (dns_tree_throw(message, reported) != DnsThrow::kNone) return;
  if (links.response_to != 0) {
    fmt::format_to(it, "    [Request In: {}]\n", links.response_to);
    fmt::format_to(it, "    [Time: {} seconds]\n", seconds(links.time));
  }
  if (links.retransmit_of != 0) {
    const char* what = response ? "response" : "request";
    fmt::format_to(it, "    [Retransmitted {}. Original {} in: {}]\n", what, what,
                   links.retransmit_of);
    out.append("    [Retransmission: True]\n");
  }
  if (links.unsolicited) out.append("    [Unsolicited: True]\n");
}

nlohmann::json dns_json(Bytes message, std::size_t reported, const Packet::DnsLinks& links) {
  nlohmann::json j = nlohmann::json::object();
  DnsTree t;
  if (!dns_tree(message, t)) return j;
  const DnsHeader& h = t.header;
  const bool response = (h.flags & 0x8000u) != 0;
  j["id"] = h.id;
  j["flags"] = fmt::format("0x{:04x}", h.flags);
  j["response"] = response;
  j["operation"] = dns_operation_name(h.flags);
  if (response) j["rcode"] = dns_rcode_name(h.flags);
  nlohmann::json questions = nlohmann::json::array();
  for (const DnsQuestion& q : t.questions)
    questions.push_back(
        {{"name", q.name}, {"type", type_text(q.type)}, {"class", class_text(q.klass)}});
  j["questions"] = questions;
  for (const Section& s : sections(t, message)) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = s.from; i < s.from + s.count; ++i) {
      const DnsRecord& r = t.records[i];
      nlohmann::json e = {{"name", r.name}, {"type", type_text(r.type)}, {"length", r.length}};
      if (r.type != kOpt) {
        e["class"] = class_text(r.klass);
        e["ttl"] = r.ttl;
      }
      if (!r.address.is_none()) e["address"] = r.address.to_string();
      if (r.has_target) e["target"] = r.target;
      if (r.type == 15 && r.has_target) e["preference"] = r.preference;
      list.push_back(std::move(e));
    }
    j[s.key] = std::move(list);
  }
  if (dns_tree_throw(message, reported) != DnsThrow::kNone) return j;  // (as in the tree)
  if (links.response_to != 0) {
    j["response_to"] = links.response_to;
    j["time"] = seconds(links.time);
  }
  if (links.retransmit_of != 0) j["retransmit_of"] = links.retransmit_of;
  if (links.unsolicited) j["unsolicited"] = true;
  return j;
}

}  // namespace sockscope::capture
