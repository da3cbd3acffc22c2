// `sockscope report`: a Markdown (or HTML) report from a scan's -oJ file and, optionally,
// its --log activity log; the lab's report generator.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/command.h"
#include "core/error.h"
#include "discover/fingerprints.h"
#include "discover/report.h"

namespace sockscope::cli {
namespace {
namespace file_report {

struct Flags {
  std::string scan;
  std::string output;
  std::string log;
  bool html = false;
};

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error(std::string("cannot read ") + what + " '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("SCAN.json", flags->scan, "a scan's -oJ output")->required();
  app.add_option("-o,--output", flags->output, "write the report here (default: stdout)")
      ->type_name("FILE");
  app.add_flag("--html", flags->html, "one self-contained HTML page instead of Markdown");
  app.add_option("--log", flags->log, "the scan's --log activity log: adds the timings")
      ->type_name("FILE");
  app.footer(
      "Hosts, open ports, services, products, versions and banners where the scan recorded\n"
      "them, an OS hint from TTL and window (a guess), what each banner leaks with one defensive\n"
      "recommendation, and the timings. Exit 0, or 2 when a file cannot be read or is not scan\n"
      "JSON.\n"
      "Example: sockscope scan -p 1-1024 -oJ scan.json --log activity.log 192.0.2.10 &&\n"
      "         sockscope report scan.json --log activity.log -o report.md");
  return [flags] {
    discover::ReportInput input;
    input.scan_json = read_file(flags->scan, "scan file");
    input.scan_origin = flags->scan;
    if (!flags->log.empty()) input.activity_log = read_file(flags->log, "activity log");
    discover::Doc doc = discover::build_report(input, discover::FingerprintDb::builtin());
    std::string text = flags->html ? discover::render_html(doc) : discover::render_markdown(doc);
    if (flags->output.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    }
    std::ofstream out(flags->output, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size()))) {
      throw usage_error("cannot write report '" + flags->output + "'");
    }
    return 0;
  };
}

const bool registered = register_command(
    {"report", "a Markdown/HTML report from a scan's -oJ file (and its activity log)", 37, setup});

}  // namespace file_report
}  // namespace
}  // namespace sockscope::cli
