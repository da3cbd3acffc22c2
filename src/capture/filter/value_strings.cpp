#include "capture/filter/value_strings.h"

#include <algorithm>
#include <iterator>

namespace sockscope::capture::filter {
namespace {

struct ValueName {
  std::string_view field;
  std::uint64_t value;
  std::string_view name;
};

constexpr ValueName kValueNames[] = {
#include "capture/filter/value_strings.inc"
};

std::pair<const ValueName*, const ValueName*> names_of(std::string_view field) {
  return std::equal_range(std::begin(kValueNames), std::end(kValueNames), ValueName{field, 0, {}},
                          [](const ValueName& a, const ValueName& b) { return a.field < b.field; });
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

bool has_value_names(std::string_view field) {
  const auto [first, last] = names_of(field);
  return first != last;
}

std::optional<std::uint64_t> value_of_name(std::string_view field, std::string_view name) {
  const auto [first, last] = names_of(field);
  for (const ValueName* v = first; v != last; ++v)
    if (equal_ignoring_case(v->name, name)) return v->value;
  return std::nullopt;
}

}  // namespace sockscope::capture::filter
