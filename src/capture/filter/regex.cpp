#include "capture/filter/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "capture/filter/lexer.h"

namespace sockscope::capture::filter {

namespace {
// PCRE2's default match limit (what tshark runs with): the worst pattern gives up
// within a fraction of a second. The JIT (which tshark uses too) keeps its backtracking
// on a heap stack of at most 8 MiB; without a JIT the interpreter's depth limit does
// the same. Neither can overflow the thread's stack.
constexpr std::uint32_t kMatchLimit = 10'000'000;
constexpr std::uint32_t kDepthLimit = 100'000;
constexpr std::size_t kJitStackMax = 8u << 20;
}  // namespace

struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  pcre2_match_data* data = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  ~Impl() {
    pcre2_match_data_free(data);
    pcre2_jit_stack_free(jit_stack);
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Regex::Regex(const std::string& pattern, std::size_t pos) : impl_(std::make_unique<Impl>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                              PCRE2_CASELESS, &error, &offset, nullptr);
  if (impl_->code == nullptr) {
    PCRE2_UCHAR message[256] = {};
    pcre2_get_error_message(error, message, sizeof message);
    throw FilterError{
        std::string("bad regular expression: ") + reinterpret_cast<const char*>(message), pos};
  }
  impl_->context = pcre2_match_context_create(nullptr);
  impl_->data = pcre2_match_data_create(1, nullptr);
  if (impl_->context == nullptr || impl_->data == nullptr)
    throw FilterError{"out of memory compiling the regular expression", pos};
  pcre2_set_match_limit(impl_->context, kMatchLimit);
  pcre2_set_depth_limit(impl_->context, kDepthLimit);
  if (pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE) == 0) {
    impl_->jit_stack = pcre2_jit_stack_create(32u << 10, kJitStackMax, nullptr);
    if (impl_->jit_stack != nullptr)
      pcre2_jit_stack_assign(impl_->context, nullptr, impl_->jit_stack);
  }
}

Regex::~Regex() = default;

bool Regex::search(Bytes subject) const {
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                       0, impl_->data, impl_->context);
  if (rc >= 0) return true;
  if (rc != PCRE2_ERROR_NOMATCH) limit_hit_ = true;
  return false;
}

}  // namespace sockscope::capture::filter
