#include "lab/private_network.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "net/fd.h"

namespace sockscope::lab {
namespace {

bool write_file(const char* path, const std::string& text) {
  net::UniqueFd fd(::open(path, O_WRONLY | O_CLOEXEC));
  if (!fd) return false;
  return ::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

// ip link set lo up, with one ioctl instead of a netlink conversation.
void bring_loopback_up() {
  net::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) throw system_error("socket for the loopback ioctl", errno);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFFLAGS, &ifr) < 0) throw system_error("SIOCGIFFLAGS lo", errno);
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
  if (::ioctl(fd.get(), SIOCSIFFLAGS, &ifr) < 0) throw system_error("SIOCSIFFLAGS lo", errno);
}

}  // namespace

PrivateNetwork enter_private_network() {
  PrivateNetwork result;
  if (::geteuid() == 0 && ::unshare(CLONE_NEWNET) == 0) {
    result.description = "a new network namespace (as root)";
  } else {
    uid_t uid = ::geteuid();
    gid_t gid = ::getegid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
      throw privilege_error(std::string("cannot create a private network namespace (") +
                            std::strerror(errno) +
                            "): run as root, or allow unprivileged user namespaces "
                            "(kernel.unprivileged_userns_clone=1, user.max_user_namespaces>0)");
    }
    // Map ourselves to root inside so we may configure the namespace's loopback.
    if (!write_file("/proc/self/setgroups", "deny") ||
        !write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1\n") ||
        !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1\n")) {
      throw privilege_error(std::string("cannot map ids in a new user namespace (") +
                            std::strerror(errno) + "): run as root");
    }
    result.user_namespace = true;
    result.description = "a new user and network namespace (no root needed)";
  }
  bring_loopback_up();
  return result;
}

}  // namespace sockscope::lab
