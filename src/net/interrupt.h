// Public. Ctrl-C and SIGTERM for blocking clients: a flag instead of sudden death, so
// a program can close its sockets and files and exit cleanly. Handlers are installed
// without SA_RESTART, so a blocked poll() returns EINTR and sees the flag.
#pragma once

#include <chrono>

namespace sockscope::net {

// The longest a wait sleeps before it looks at the flag again. A signal interrupts only
// the thread it lands on (most often the main one); a wait on any other thread would
// sleep through Ctrl-C to its own deadline. The scan engine's loop, net::wait_for and the
// paced banner starts keep to it.
inline constexpr std::chrono::milliseconds kInterruptCheckInterval{100};

void install_interrupt_handlers();
bool interrupted();
// The signal that interrupted us (SIGINT or SIGTERM), or 0.
int interrupt_signal();

}  // namespace sockscope::net
