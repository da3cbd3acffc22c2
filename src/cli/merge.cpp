// `sockscope merge`: one JSON result from the -oJ / -oD outputs of several scan runs
// (zmap-style shards on N machines, or an interrupted run and its --resume).
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "cli/command.h"
#include "core/error.h"
#include "scan/merge.h"

namespace sockscope::cli {
namespace {
namespace file_merge {

struct Flags {
  std::vector<std::string> files;
  std::string out = "-";
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->files, "scan outputs: -oJ documents or -oD NDJSON files")
      ->required();
  app.add_option("-o,--output", flags->out, "where to write the merged JSON ('-' = stdout)")
      ->capture_default_str();
  app.footer(
      "Inputs that disagree on a port: the more informative state wins (open or closed, then\n"
      "filtered, then open|filtered), then the later scan (-oJ records when each host finished;\n"
      "-oD records no time and counts as earliest), then open; the order of the files never\n"
      "decides. A directory or an empty file is refused (exit 2).\n"
      "Example: sockscope merge shard1.ndjson shard2.ndjson shard3.ndjson -o all.json");
  return [flags] {
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& f : flags->files) {
      // A directory opens as a stream whose first read throws: name it instead.
      struct stat st {};
      if (::stat(f.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw usage_error("bad scan output '" + f + "': a directory, not a file");
      std::ifstream in(f, std::ios::binary);
      if (!in) throw usage_error("cannot read scan output '" + f + "'");
      texts.emplace_back(
          f, std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    std::string doc = scan::merge_scan_outputs(texts).dump() + "\n";
    if (flags->out == "-") {
      std::fwrite(doc.data(), 1, doc.size(), stdout);
    } else {
      std::ofstream out(flags->out, std::ios::trunc);
      if (!out) throw usage_error("cannot write '" + flags->out + "'");
      out << doc;
    }
    return 0;
  };
}

const bool registered = register_command(
    {"merge", "merge scan outputs (shards, resumed runs) into one JSON", 36, setup});

}  // namespace file_merge
}  // namespace
}  // namespace sockscope::cli
