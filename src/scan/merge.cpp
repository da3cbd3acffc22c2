#include "scan/merge.h"

#include <map>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "scan/port_spec.h"
#include "scan/resume.h"

namespace sockscope::scan {
namespace {

using Key = std::tuple<std::string, std::string, int>;  // host, proto, port

// A result as read, with the time its host was finished (-oJ "end"; 0 when the input
// records none, as -oD).
struct Candidate {
  nlohmann::json result;
  double time = 0;
};

// How much a state says about a port: an answer (open, closed) over an ICMP error or
// silence (filtered) over what a UDP scan cannot tell apart (open|filtered).
int state_rank(std::string_view state) {
  if (state == "open" || state == "closed") return 3;
  if (state == "filtered") return 2;
  if (state == "open|filtered") return 1;
  return 0;
}
int result_rank(const nlohmann::json& r) {
  return r.contains("state") && r["state"].is_string() ? state_rank(r["state"].get<std::string>())
                                                       : 0;
}

// The rule when inputs disagree on a pair (documented in merge.h): the more informative
// state; then the later scan; then open over closed; then the JSON text, so that the
// order of the inputs never decides.
bool wins_over(const Candidate& a, const Candidate& b) {
  int ra = result_rank(a.result), rb = result_rank(b.result);
  if (ra != rb) return ra > rb;
  if (a.time != b.time) return a.time > b.time;
  bool a_open = a.result.value("open", false), b_open = b.result.value("open", false);
  if (a_open != b_open) return a_open;
  return a.result.dump() > b.result.dump();
}

// A pair an --open run finished but did not list: its extraports group's state and reason.
struct Unlisted {
  std::string state, reason;
};

// The "extraports" of an -oJ host or an -oD host record (--open), read as --resume reads
// them, expanded into pairs. Groups that disagree on a pair: the more informative state
// wins, then the greater state and reason text (they record no time), whatever the order. Throws
// usage_error naming the input when the list is not such groups: dropping them silently would make
// a merged file that --resume probes again for no visible reason.
void add_extraports(std::map<Key, Unlisted>& out, const std::string& input, const std::string& host,
                    const nlohmann::json& list) {
  std::vector<PortResult> pairs;
  if (!extraports_from_json(list, host, "", pairs)) {
    throw usage_error("bad scan output '" + input + "': the extraports of " + host +
                      " are not [{state, proto, reason, ports}]");
  }
  for (const PortResult& r : pairs) {
    Unlisted u{state_name(r.state), r.reason};
    auto [it, added] = out.try_emplace(Key{host, proto_name(r.proto), r.port}, u);
    auto order = [](const Unlisted& x) {
      return std::tuple(state_rank(x.state), x.state, x.reason);
    };
    if (!added && order(u) > order(it->second)) it->second = std::move(u);
  }
}

// One host's unlisted pairs as the scan writes them: a group per proto/state/reason with
// its ports as ranges and their count. A pair that some input lists as a result is not
// among them (the result wins, and the pair is counted once).
nlohmann::json extraports_groups(std::map<Key, Unlisted>::const_iterator begin,
                                 std::map<Key, Unlisted>::const_iterator end,
                                 const std::map<Key, Candidate>& results) {
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::uint16_t>> groups;
  for (auto it = begin; it != end; ++it) {  // keys ascend, so each group's ports do too
    if (results.count(it->first)) continue;
    groups[{std::get<1>(it->first), it->second.state, it->second.reason}].push_back(
        static_cast<std::uint16_t>(std::get<2>(it->first)));
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [group, ports] : groups) {
    out.push_back(nlohmann::json{{"state", std::get<1>(group)},
                                 {"proto", std::get<0>(group)},
                                 {"reason", std::get<2>(group)},
                                 {"count", ports.size()},
                                 {"ports", format_port_ranges(ports)}});
  }
  return out;
}

void add_result(std::map<Key, Candidate>& out, std::map<std::string, std::string>& names,
                const std::string& host, nlohmann::json r, double time) {
  if (!r.is_object() || !r.contains("port") || !r["port"].is_number_integer()) return;
  std::string proto = r.value("proto", std::string("tcp"));
  if (r.contains("name") && r["name"].is_string()) names[host] = r["name"].get<std::string>();
  r.erase("host");
  r.erase("name");
  // The key first: json's operator= takes its argument by value, and C++17 evaluates
  // the right side of `=` first, which would move r out before r["port"] is read.
  Key key{host, proto, r["port"].get<int>()};
  Candidate c{std::move(r), time};
  auto [it, added] = out.try_emplace(key, c);
  if (!added && wins_over(c, it->second)) it->second = std::move(c);
}

}  // namespace

nlohmann::json merge_scan_outputs(
    const std::vector<std::pair<std::string, std::string>>& named_texts) {
  std::map<Key, Candidate> results;
  std::map<Key, Unlisted> unlisted;
  std::map<std::string, std::string> names;
  double elapsed = 0;
  for (const auto& [name, text] : named_texts) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      throw usage_error("bad scan output '" + name + "': empty, no results to merge");
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded() && doc.is_object() && doc.contains("hosts")) {
      for (const auto& h : doc["hosts"]) {
        if (!h.contains("host") || !h["host"].is_string()) continue;
        std::string host = h["host"].get<std::string>();
        if (h.contains("name") && h["name"].is_string()) names[host] = h["name"].get<std::string>();
        if (h.contains("results") && h["results"].is_array()) {
          double end = h.contains("end") && h["end"].is_number() ? h["end"].get<double>() : 0;
          for (const auto& r : h["results"]) add_result(results, names, host, r, end);
        }
        if (h.contains("extraports")) add_extraports(unlisted, name, host, h["extraports"]);
      }
      if (doc.contains("elapsed") && doc["elapsed"].is_number())
        elapsed = std::max(elapsed, doc["elapsed"].get<double>());
      continue;
    }
    std::istringstream in(text);
    std::string line;
    std::size_t good = 0, bad = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("host") || !j["host"].is_string()) {
        ++bad;
        continue;
      }
      ++good;
      std::string host = j["host"].get<std::string>();
      if (!j.contains("port") && j.contains("extraports")) {  // --open: a host's record
        if (j.contains("name") && j["name"].is_string()) names[host] = j["name"].get<std::string>();
        add_extraports(unlisted, name, host, j["extraports"]);
        continue;
      }
      add_result(results, names, host, j, 0);
    }
    if (good == 0 && bad > 0)
      throw usage_error("bad scan output '" + name + "': neither -oJ JSON nor -oD NDJSON");
  }
  nlohmann::json out;
  out["scanner"] = "sockscope";
  out["merged_from"] = named_texts.size();
  out["hosts"] = nlohmann::json::array();
  // Every host with a result or an unlisted pair (an --open host may have only the
  // latter), in address-text order; both maps are sorted by host first.
  auto r = results.begin();
  auto u = unlisted.cbegin();
  while (r != results.end() || u != unlisted.cend()) {
    bool results_first = r != results.end() &&
                         (u == unlisted.cend() || std::get<0>(r->first) <= std::get<0>(u->first));
    const std::string host = std::get<0>(results_first ? r->first : u->first);  // a copy
    nlohmann::json h;
    h["host"] = host;
    if (names.count(host)) h["name"] = names[host];
    h["results"] = nlohmann::json::array();
    for (; r != results.end() && std::get<0>(r->first) == host; ++r)
      h["results"].push_back(std::move(r->second.result));
    auto u_end = u;
    while (u_end != unlisted.cend() && std::get<0>(u_end->first) == host) ++u_end;
    // results' moved-from values still have their keys, which is all the lookup needs.
    nlohmann::json extra = extraports_groups(u, u_end, results);
    if (!extra.empty()) h["extraports"] = std::move(extra);
    u = u_end;
    out["hosts"].push_back(std::move(h));
  }
  out["elapsed"] = elapsed;
  return out;
}

}  // namespace sockscope::scan
