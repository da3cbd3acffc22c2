#include "scan/merge.h"

#include <map>
#include <sstream>
#include <tuple>

#include "core/error.h"

namespace sockscope::scan {
namespace {

using Key = std::tuple<std::string, std::string, int>;  // host, proto, port

void add_result(std::map<Key, nlohmann::json>& out, std::map<std::string, std::string>& names,
                const std::string& host, nlohmann::json r) {
  if (!r.is_object() || !r.contains("port") || !r["port"].is_number_integer()) return;
  std::string proto = r.value("proto", std::string("tcp"));
  if (r.contains("name") && r["name"].is_string()) names[host] = r["name"].get<std::string>();
  r.erase("host");
  r.erase("name");
  // The key first: json's operator= takes its argument by value, and C++17 evaluates
  // the right side of `=` first, which would move r out before r["port"] is read.
  Key key{host, proto, r["port"].get<int>()};
  out[key] = std::move(r);
}

}  // namespace

nlohmann::json merge_scan_outputs(
    const std::vector<std::pair<std::string, std::string>>& named_texts) {
  std::map<Key, nlohmann::json> results;
  std::map<std::string, std::string> names;
  double elapsed = 0;
  for (const auto& [name, text] : named_texts) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded() && doc.is_object() && doc.contains("hosts")) {
      for (const auto& h : doc["hosts"]) {
        if (!h.contains("host") || !h["host"].is_string()) continue;
        std::string host = h["host"].get<std::string>();
        if (h.contains("name") && h["name"].is_string()) names[host] = h["name"].get<std::string>();
        if (h.contains("results") && h["results"].is_array()) {
          for (const auto& r : h["results"]) add_result(results, names, host, r);
        }
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
      add_result(results, names, j["host"].get<std::string>(), j);
    }
    if (good == 0 && bad > 0)
      throw usage_error("bad scan output '" + name + "': neither -oJ JSON nor -oD NDJSON");
  }
  nlohmann::json out;
  out["scanner"] = "sockscope";
  out["merged_from"] = named_texts.size();
  out["hosts"] = nlohmann::json::array();
  std::string current;
  for (auto& [key, r] : results) {
    const std::string& host = std::get<0>(key);
    if (host != current) {
      nlohmann::json h;
      h["host"] = host;
      if (names.count(host)) h["name"] = names[host];
      h["results"] = nlohmann::json::array();
      out["hosts"].push_back(std::move(h));
      current = host;
    }
    out["hosts"].back()["results"].push_back(std::move(r));
  }
  out["elapsed"] = elapsed;
  return out;
}

}  // namespace sockscope::scan
