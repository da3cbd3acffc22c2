#include "scan/resume.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "scan/result_json.h"
#include "scan/resume_json.h"
#include "scan/resume_xml.h"

namespace sockscope::scan {

void bad_resume_file(const std::string& name, const std::string& why) {
  throw usage_error("bad resume file '" + name + "': " + why);
}

const char* resume_format_name(ResumeFormat format) {
  static constexpr const char* kNames[] = {"NDJSON (-oD)", "JSON (-oJ)", "XML (-oX)"};
  auto i = static_cast<std::size_t>(format);
  return i < std::size(kNames) ? kNames[i] : "?";
}

namespace {

// Which of the formats the text is, read by that format's reader.
ResumeFile parse_text(const std::string& name, std::string_view text) {
  ResumeFile out;
  out.path = name;
  std::size_t first = text.find_first_not_of(" \r\n\t");
  if (first == std::string_view::npos) return out;  // empty: nothing finished yet
  if (text[first] == '<') {
    out.format = ResumeFormat::kXml;
    parse_nmap_xml(name, text, out);
    return out;
  }
  if (text[first] != '{') bad_resume_file(name, "neither -oD NDJSON, -oJ JSON nor -oX XML");
  if (text.substr(first).starts_with(kJsonDocumentStart)) {
    std::istringstream lines{std::string(text.substr(first))};
    if (parse_json_lines(name, lines, out)) return out;
  }
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_discarded() && is_json_document(doc)) {
    out.format = ResumeFormat::kJson;
    parse_json_document(name, doc, out);
    return out;
  }
  // An -oJ document opens with the scan's arguments and "hosts":[ on its first lines;
  // an NDJSON line is a result with "host" and "port".
  std::size_t nl = text.find('\n', first);
  std::string_view head =
      text.substr(first, nl == std::string_view::npos ? std::string_view::npos : nl - first);
  auto head_json = nlohmann::json::parse(head, nullptr, false);
  bool ndjson = !head_json.is_discarded() && head_json.is_object() && head_json.contains("host");
  bool json_head = text.substr(first).starts_with(kJsonDocumentStart) ||
                   text.substr(0, 64 * 1024).find(kJsonHostsLine) != std::string_view::npos;
  if (!ndjson && json_head) {
    out.format = ResumeFormat::kJson;
    if (!repair_json(text, doc)) bad_resume_file(name, "a JSON document torn beyond repair");
    out.repaired = true;
    parse_json_document(name, doc, out);
    return out;
  }
  out.format = ResumeFormat::kNdjson;
  std::istringstream lines{std::string(text)};
  parse_ndjson(name, lines, out);
  return out;
}

}  // namespace

ResumeFile parse_resume_text(const std::string& name, std::string_view text) {
  ResumeFile out = parse_text(name, text);
  out.results.finish();
  return out;
}

ResumeFile read_resume_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error("cannot read resume file '" + path + "'");
  std::string line;
  std::getline(in, line);
  std::vector<PortResult> first;
  in.clear();
  in.seekg(0);
  if (read_ndjson_line(line, first)) {  // NDJSON: streamed
    ResumeFile out;
    out.path = path;
    parse_ndjson(path, in, out);
    if (in.bad()) throw usage_error("cannot read resume file '" + path + "'");
    out.results.finish();
    return out;
  }
  if (line.starts_with(kJsonDocumentStart)) {  // our -oJ: streamed when laid out as we write it
    ResumeFile out;
    if (parse_json_lines(path, in, out) && !in.bad()) {
      out.results.finish();
      return out;
    }
    in.clear();
    in.seekg(0);
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw usage_error("cannot read resume file '" + path + "'");
  return parse_resume_text(path, text);
}

}  // namespace sockscope::scan
