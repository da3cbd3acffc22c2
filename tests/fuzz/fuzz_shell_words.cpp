// Fuzzes split_shell_words (the reader of recorded scan commands): any bytes split or
// are refused, never crash; whatever splits, shell_join()ed again, splits to the same
// words (the writer and the reader agree).
#include <string_view>

#include "core/shell_words.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto words = sockscope::split_shell_words(text);
  if (!words) return 0;
  auto again = sockscope::split_shell_words(sockscope::shell_join(*words));
  if (!again || *again != *words) __builtin_trap();
  return 0;
}
