#include "scan/merge.h"

#include <map>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "scan/port_listing.h"
#include "scan/result_json.h"

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
  PortState state;
  std::string reason;
};

// The "extraports" of an -oJ host or an -oD host record (--open), read as --resume reads
// them, expanded into pairs. Groups that disagree on a pair: the more informative state
// wins, then the greater state and reason text (they record no time), whatever the order. Throws
// usage_error naming the input when the list is not such groups: dropping them silently would make
// a merged file that --resume probes again for no visible reason.
void add_extraports(std::map<Key, Unlisted>& out, const std::string& input, const std::string& host,
                    const nlohmann::json& list) {
  std::vector<PortResult> pairs;
  if (!read_extraports(list, host, "", pairs)) {
    throw usage_error("bad scan output '" + input + "': the extraports of " + host +
                      " are not [{state, proto, reason, ports}]");
  }
  for (const PortResult& r : pairs) {
    Unlisted u{r.state, r.reason};
    auto [it, added] = out.try_emplace(Key{host, proto_name(r.proto), r.port}, u);
    auto order = [](const Unlisted& x) {
      return std::tuple(state_rank(state_name(x.state)), std::string(state_name(x.state)),
                        x.reason);
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
  // Ordered by proto, state and reason words, as the merged document always was.
  std::map<std::tuple<std::string, std::string, std::string>, PortGroup> groups;
  for (auto it = begin; it != end; ++it) {  // keys ascend, so each group's ports do too
    if (results.count(it->first)) continue;
    const std::string& proto = std::get<1>(it->first);
    PortGroup& g = groups[{proto, state_name(it->second.state), it->second.reason}];
    if (g.reason_ports.empty()) {
      g.state = it->second.state;
      g.proto = proto == "udp" ? net::Transport::kUdp : net::Transport::kTcp;
      g.reason_ports.emplace_back(it->second.reason, std::vector<std::uint16_t>{});
    }
    g.reason_ports.front().second.push_back(static_cast<std::uint16_t>(std::get<2>(it->first)));
  }
  std::vector<PortGroup> list;
  for (auto& [words, group] : groups) list.push_back(std::move(group));
  std::string text;
  append_extraports(text, list);  // the layout the scan writes, as a tree for the document
  return nlohmann::json::parse(text);
}

// A result object is kept as the input wrote it (fields this version does not read
// included); only its host and name move up to the host. When inputs disagree on a
// pair, wins_over decides.
void add_result(std::map<Key, Candidate>& out, std::map<std::string, std::string>& names,
                const std::string& host, const std::string& name, nlohmann::json r, double time) {
  PortResult read;
  if (!read_result(r, host, name, read)) return;
  if (!name.empty()) names[host] = name;
  r.erase("host");
  r.erase("name");
  Key key{host, proto_name(read.proto), read.port};
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
    if (!doc.is_discarded() && is_json_document(doc)) {
      if (const nlohmann::json* hosts = json_hosts(doc)) {
        for (const auto& h : *hosts) {
          std::string host, host_name;
          if (!read_host_fields(h, host, host_name)) continue;
          if (!host_name.empty()) names[host] = host_name;
          // When the host was finished: the later scan wins a tie (-oD records none).
          double end = h.contains("end") && h["end"].is_number() ? h["end"].get<double>() : 0;
          if (const nlohmann::json* list = host_results(h))
            for (const auto& r : *list) add_result(results, names, host, host_name, r, end);
          if (const nlohmann::json* extra = host_extraports(h))
            add_extraports(unlisted, name, host, *extra);
        }
      }
      elapsed = std::max(elapsed, read_json_elapsed(doc).value_or(0.0));
      continue;
    }
    std::istringstream in(text);
    std::string line;
    std::size_t good = 0, bad = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      std::string host, host_name;
      if (j.is_discarded() || !read_host_fields(j, host, host_name)) {
        ++bad;
        continue;
      }
      ++good;
      if (is_extraports_record(j)) {  // --open: a host's record
        if (!host_name.empty()) names[host] = host_name;
        add_extraports(unlisted, name, host, *host_extraports(j));
        continue;
      }
      add_result(results, names, host, host_name, j, 0);
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
