// Public. A banner as people and files see it: the lab's `.strip()[:1000]` (surrounding
// white space off, the first 1,000 characters), with control and malformed bytes escaped
// so peer bytes cannot drive a terminal or break a CSV row.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::discover {

constexpr std::size_t kBannerChars = 1000;

// The raw bytes, stripped and cut at `max_chars` UTF-8 characters (an invalid byte is one).
std::string_view banner_cut(std::string_view reply, std::size_t max_chars = kBannerChars);

// One line, line breaks written as \r \n: for CSV and JSON-ish one-line fields.
std::string banner_snippet(std::string_view reply, std::size_t max_chars = kBannerChars);

// The banner's lines (split at \n, a trailing \r dropped), each made printable.
std::vector<std::string> banner_lines(std::string_view reply, std::size_t max_chars = kBannerChars);

}  // namespace sockscope::discover
