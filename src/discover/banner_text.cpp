#include "discover/banner_text.h"

#include "core/text.h"

namespace sockscope::discover {
namespace {

bool space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::string_view banner_cut(std::string_view reply, std::size_t max_chars) {
  while (!reply.empty() && space(reply.front())) reply.remove_prefix(1);
  while (!reply.empty() && space(reply.back())) reply.remove_suffix(1);
  std::size_t i = 0;
  for (std::size_t chars = 0; i < reply.size() && chars < max_chars; ++chars) {
    std::size_t n = utf8_sequence_at(reply, i);
    i += n == 0 ? 1 : n;
  }
  return reply.substr(0, i);
}

std::string banner_snippet(std::string_view reply, std::size_t max_chars) {
  return printable_utf8(banner_cut(reply, max_chars), LineBreaks::kEscape);
}

std::vector<std::string> banner_lines(std::string_view reply, std::size_t max_chars) {
  std::string_view text = banner_cut(reply, max_chars);
  std::vector<std::string> lines;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(printable_utf8(line, LineBreaks::kEscape));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace sockscope::discover
