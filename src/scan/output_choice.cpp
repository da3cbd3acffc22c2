#include "scan/output_choice.h"

#include <string_view>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::scan {
namespace {

bool looks_like_flag(std::string_view word) {
  return word.size() > 1 && word[0] == '-';
}

// The long output flags that take a file ("--csv FILE" or "--csv=FILE").
constexpr std::string_view kLongFileFlags[] = {"--csv", "--lab-json"};

void check_value(std::string_view flag, const std::vector<std::string>& words, std::size_t at) {
  std::string name = escape_nonprintable(flag);
  if (at >= words.size()) throw usage_error("bad " + name + ": its file name is missing");
  if (looks_like_flag(words[at])) {
    throw usage_error("bad " + name + ": its file name is missing (next is '" +
                      escape_nonprintable(words[at]) + "'; name a file, or '-' for stdout)");
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> OutputChoice::chosen() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const char* flag, const std::string& path) {
    if (!path.empty()) out.emplace_back(flag, path);
  };
  add("-oN", normal);
  add("-oX", xml);
  add("-oG", grep);
  add("-oJ", json);
  add("-oD", ndjson);
  add("--csv", csv);
  add("--lab-json", lab_json);
  return out;
}

bool OutputChoice::takes_stdout() const {
  for (const auto& [flag, path] : chosen())
    if (path == "-") return true;
  return false;
}

OutputChoice choose_outputs(const std::vector<std::string>& pairs) {
  OutputChoice c;
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const std::string& kind = pairs[i];
    const std::string& file = pairs[i + 1];
    if (kind == "N")
      c.normal = file;
    else if (kind == "X")
      c.xml = file;
    else if (kind == "G")
      c.grep = file;
    else if (kind == "J")
      c.json = file;
    else if (kind == "D")
      c.ndjson = file;
    else if (kind == "A")
      c.normal = file + ".nmap", c.xml = file + ".xml", c.grep = file + ".gnmap";
    else
      throw usage_error("bad output option '-o" + escape_nonprintable(kind) +
                        "': expected -oN, -oX, -oG, -oJ, -oD or -oA");
  }
  if (pairs.size() % 2 != 0)  // check_output_flag_values catches this first, by flag name
    throw usage_error("bad -o" + escape_nonprintable(pairs.back()) + ": its file name is missing");
  return c;
}

void check_output_flag_values(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "--") return;  // the rest are targets
    if (w.size() >= 2 && w.substr(0, 2) == "-o" && (w.size() == 2 || w[2] != '-')) {
      std::size_t file_at = i + 1;
      std::string flag(w);
      if (w.size() == 2) {  // "-o X FILE": the letter is a word of its own
        if (i + 1 >= words.size() || looks_like_flag(words[i + 1]))
          throw usage_error("bad -o: expected a letter and a file, as -oN FILE");
        flag += words[i + 1];
        file_at = i + 2;
      }
      check_value(flag, words, file_at);
      i = file_at;
      continue;
    }
    for (std::string_view flag : kLongFileFlags) {
      if (w == flag) {
        check_value(flag, words, i + 1);
        ++i;
      } else if (w.size() > flag.size() && w.substr(0, flag.size()) == flag &&
                 w[flag.size()] == '=' && w.size() == flag.size() + 1) {
        throw usage_error("bad " + std::string(flag) + ": its file name is missing");
      }
    }
  }
}

}  // namespace sockscope::scan
