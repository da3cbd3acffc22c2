#include "serve/unicode_upper.h"

#include <unicode/ucasemap.h>

#include <algorithm>
#include <memory>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::serve {
namespace {

struct CaseMapCloser {
  void operator()(UCaseMap* map) const { ucasemap_close(map); }
};

// One per thread: a UCaseMap is not to be shared between threads while in use.
const UCaseMap* case_map() {
  thread_local std::unique_ptr<UCaseMap, CaseMapCloser> map = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCaseMap, CaseMapCloser> m(ucasemap_open("", 0, &status));
    if (U_FAILURE(status)) {
      throw Error(ExitCode::kInternal, std::string("ICU case map: ") + u_errorName(status));
    }
    return m;
  }();
  return map.get();
}

bool is_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void upper_into(std::string_view utf8, std::string& out) {
  out.resize(utf8.size() * kUpperMaxGrowth);
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = ucasemap_utf8ToUpper(case_map(), out.data(), static_cast<int32_t>(out.size()),
                                   utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {  // not expected (kUpperMaxGrowth), but be sure
    out.resize(static_cast<std::size_t>(n));
    status = U_ZERO_ERROR;
    n = ucasemap_utf8ToUpper(case_map(), out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                             static_cast<int32_t>(utf8.size()), &status);
  }
  if (U_FAILURE(status)) {
    throw Error(ExitCode::kInternal, std::string("ICU upper-case: ") + u_errorName(status));
  }
  out.resize(static_cast<std::size_t>(n));
}

}  // namespace

std::string to_upper_unicode(std::string_view utf8) {
  if (is_ascii(utf8)) return to_upper_ascii(utf8);
  std::string out;
  upper_into(utf8, out);
  return out;
}

std::string_view to_upper_unicode(std::span<char> bytes, std::string& scratch) {
  std::string_view text(bytes.data(), bytes.size());
  if (is_ascii(text)) {
    to_upper_ascii(bytes);
    return text;
  }
  upper_into(text, scratch);
  return scratch;
}

}  // namespace sockscope::serve
