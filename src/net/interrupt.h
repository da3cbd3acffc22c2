// Public. Ctrl-C and SIGTERM for blocking clients: a flag instead of sudden death, so
// a program can close its sockets and files and exit cleanly. Handlers are installed
// without SA_RESTART, so a blocked poll() returns EINTR and sees the flag.
#pragma once

namespace sockscope::net {

void install_interrupt_handlers();
bool interrupted();
// The signal that interrupted us (SIGINT or SIGTERM), or 0.
int interrupt_signal();

}  // namespace sockscope::net
