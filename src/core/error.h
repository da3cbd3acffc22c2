// Public. The one error type of sockscope and the exit codes it maps to.
//
// Library code throws sockscope::Error for bad input and for failures it cannot turn into a
// result; network outcomes that are answers ("refused", "timed out") are returned as
// values, never thrown. main() catches Error once and exits with its code.
#pragma once

#include <stdexcept>
#include <string>

namespace sockscope {

enum class ExitCode : int {
  kOk = 0,
  kNetworkNo = 1,  // the network said no: closed, timeout, refused, not received
  kUsage = 2,      // bad usage or bad input; the message names the bad value
  kPrivilege = 3,  // missing privilege (raw sockets, capture, namespaces)
  kInternal = 4,   // a bug or an unexpected system failure
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad user input: exit code 2. The message should name the bad value.
inline Error usage_error(const std::string& message) {
  return {ExitCode::kUsage, message};
}

// Missing privilege: exit code 3. The message should say what to do instead.
inline Error privilege_error(const std::string& message) {
  return {ExitCode::kPrivilege, message};
}

// A system call failed where it should not have: exit code 4, with strerror text.
Error system_error(const std::string& what, int errno_value);

}  // namespace sockscope
