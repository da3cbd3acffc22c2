// Public. A network of our own for the lab: a fresh network namespace with only a
// loopback interface, so nothing the lab does can reach or disturb a real network.
// Must be called at the very start of the process, before any thread exists (the
// kernel refuses a user namespace to a multi-threaded process).
#pragma once

#include <string>

namespace sockscope::lab {

struct PrivateNetwork {
  bool user_namespace = false;  // true when we were not root and used CLONE_NEWUSER
  std::string description;      // one line for the transcript
};

// unshare(CLONE_NEWNET) as root; otherwise CLONE_NEWUSER | CLONE_NEWNET with our uid
// and gid mapped to 0 inside. Then brings `lo` up. Throws privilege_error (exit 3)
// with a one-line hint when neither is allowed.
PrivateNetwork enter_private_network();

}  // namespace sockscope::lab
