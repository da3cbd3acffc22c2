#include "core/error.h"

#include <cstring>

namespace sockscope {

Error system_error(const std::string& what, int errno_value) {
  return {ExitCode::kInternal, what + ": " + std::strerror(errno_value)};
}

}  // namespace sockscope
