#include "discover/report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "discover/banner_leaks.h"
#include "discover/banner_text.h"
#include "net/os_hint.h"

namespace sockscope::discover {
namespace {

using Json = nlohmann::json;

std::string text_of(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

int int_of(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : -1;
}

std::string seconds_text(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return "?";
  char text[32];
  std::snprintf(text, sizeof(text), "%.3f s", it->get<double>());
  return text;
}

// What the scan recorded about one open port; a banner without a product is matched
// against the fingerprints here.
PortFacts facts_of(const Json& result, const FingerprintDb& db) {
  PortFacts f;
  f.service = text_of(result, "service");
  f.product = text_of(result, "product");
  f.version = text_of(result, "version");
  f.info = text_of(result, "info");
  f.hostname = text_of(result, "hostname");
  f.banner = text_of(result, "banner");
  if (!f.banner.empty() && f.product.empty()) {
    auto m = db.match(f.banner, "http");
    if (!m) m = db.match(f.banner, "passive");
    if (m) {
      f.service = m->service;
      f.product = m->product;
      f.version = m->version;
      f.info = m->info;
      if (f.hostname.empty()) f.hostname = m->hostname;
    }
  }
  return f;
}

// The table's banner: `scan --banners` records it as one line already escaped
// (banner_snippet), which escaping again would double every backslash; raw bytes from
// another writer are escaped here.
std::string shown_banner(std::string_view banner) {
  bool raw = std::any_of(banner.begin(), banner.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  return raw ? banner_snippet(banner, 120) : std::string(banner_cut(banner, 120));
}

// One activity-log line: "TIME\tcommand=...\ttargets=...\t...".
std::vector<std::string> log_row(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  auto field = [&](std::string_view key) -> std::string {
    for (const auto& f : fields) {
      if (f.size() > key.size() && f.compare(0, key.size(), key) == 0 && f[key.size()] == '=') {
        return f.substr(key.size() + 1);
      }
    }
    return {};
  };
  std::string state = field("open");
  if (line.find("\tinterrupted") != std::string_view::npos) state += " (interrupted)";
  return {fields.front(), field("mode"),     field("targets"),
          field("ports"), field("duration"), state};
}

}  // namespace

Doc build_report(const ReportInput& input, const FingerprintDb& db) {
  Json scan = Json::parse(input.scan_json, nullptr, false);
  if (scan.is_discarded() || !scan.is_object() || !scan.contains("hosts") ||
      !scan["hosts"].is_array()) {
    throw usage_error(input.scan_origin + ": not a scan -oJ document (JSON with a \"hosts\" list)");
  }
  Doc doc;
  doc.title = "Scan report";
  std::string types;
  if (scan.contains("scan_types") && scan["scan_types"].is_array()) {
    for (const auto& t : scan["scan_types"]) {
      if (t.is_string()) types += (types.empty() ? "" : ", ") + t.get<std::string>();
    }
  }
  doc.list({"Command: " + text_of(scan, "arguments"),
            "Started: " + text_of(scan, "startstr") + "; scan types: " + types +
                "; elapsed: " + seconds_text(scan, "elapsed"),
            "Hosts up: " + text_of(scan, "hosts_up") + " of " + text_of(scan, "hosts_total") +
                (scan.value("interrupted", false) ? " (the scan was interrupted)" : "")});

  std::vector<std::vector<std::string>> summary = {{"Host", "Open ports", "OS hint (a guess)"}};
  std::vector<Doc> sections;
  for (const Json& host : scan["hosts"]) {
    if (!host.is_object()) continue;
    std::string address = text_of(host, "host");
    std::string name = text_of(host, "name");
    std::string title = name.empty() ? address : address + " (" + name + ")";
    std::vector<std::vector<std::string>> ports = {
        {"Port", "State", "Reason", "Service", "Product", "Version", "Banner"}};
    std::vector<std::string> leaks;
    std::optional<net::OsHint> hint;
    std::size_t unlisted = 0;
    const Json& results = host.contains("results") ? host["results"] : Json::array();
    for (const Json& r : results) {
      if (!r.is_object()) continue;
      std::string state = text_of(r, "state");
      if (state != "open" && state != "open|filtered") {
        ++unlisted;
        continue;
      }
      if (!hint) hint = net::os_hint(int_of(r, "ttl"), int_of(r, "window"));
      PortFacts f = facts_of(r, db);
      std::string port = text_of(r, "port") + "/" + text_of(r, "proto");
      ports.push_back({port, state, text_of(r, "reason"), f.service, f.product, f.version,
                       shown_banner(f.banner)});
      for (const Leak& l : banner_leaks(f)) {
        leaks.push_back(port + " " + f.service + ": " + l.what +
                        ". Recommendation: " + l.recommendation);
      }
    }
    summary.push_back({title, std::to_string(ports.size() - 1), hint ? hint->text() : "none"});
    Doc section;
    section.heading(1, title);
    section.paragraph("Scanned in " + seconds_text(host, "elapsed") + ". " +
                      (ports.size() > 1 ? std::to_string(ports.size() - 1) + " open" : "No open") +
                      " port(s) listed; " + std::to_string(unlisted) +
                      " closed or filtered not listed.");
    if (ports.size() > 1) section.table(std::move(ports));
    section.heading(2, "What the banners tell");
    if (leaks.empty()) {
      section.paragraph("No banner information was recorded for this host's open ports.");
    } else {
      section.list(std::move(leaks));
    }
    sections.push_back(std::move(section));
  }
  doc.heading(1, "Hosts");
  doc.table(std::move(summary));
  for (Doc& s : sections) {
    for (Block& b : s.blocks) doc.blocks.push_back(std::move(b));
  }
  if (input.activity_log) {
    std::vector<std::vector<std::string>> rows = {
        {"When", "Mode", "Targets", "Ports", "Duration", "Open"}};
    std::string_view text = *input.activity_log;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (!line.empty() && line.find("command=") != std::string_view::npos) {
        rows.push_back(log_row(line));
      }
    }
    doc.heading(1, "Timings (activity log)");
    if (rows.size() > 1) {
      doc.table(std::move(rows));
    } else {
      doc.paragraph("The activity log holds no scan lines.");
    }
  }
  return doc;
}

}  // namespace sockscope::discover
