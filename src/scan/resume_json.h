// Internal to scan/ (resume.cpp). Reads our -oD NDJSON and -oJ JSON back for --resume:
// NDJSON and -oJ as we lay it out are streamed a line at a time (a file of millions of
// results never sits in memory whole); any other -oJ layout (merge output, a document
// reformatted by jq) is parsed whole, and a document torn by kill -9 is closed after its
// last whole host. The layout itself is scan/result_json.h's.
#pragma once

#include <istream>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "scan/resume.h"

namespace sockscope::scan {

// -oD, line by line: only the last non-blank line may be torn (out.repaired).
void parse_ndjson(const std::string& name, std::istream& in, ResumeFile& out);
// A whole -oJ (or merged) document.
void parse_json_document(const std::string& name, const nlohmann::json& doc, ResumeFile& out);
// -oJ as the writer lays it out, a line at a time. False when the text is laid out
// otherwise: the caller then parses it whole.
bool parse_json_lines(const std::string& name, std::istream& in, ResumeFile& result);
// An -oJ document cut short, closed after its last whole host. False when it cannot be.
bool repair_json(std::string_view text, nlohmann::json& doc);

}  // namespace sockscope::scan
