#include "scan/recorded_command.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/shell_words.h"

namespace sockscope::scan {
namespace {

// Whether `uid` (with its groups from the user database) has the access `bits` names
// (S_IWUSR for write, S_IRUSR for read: the owner's bit; the group's and others' are
// derived) to a file of this mode and ownership: the kernel's owner / group / other
// rule. Root has every access.
bool may(uid_t uid, const struct stat& st, mode_t owner_bit) {
  if (uid == 0) return true;
  if (st.st_uid == uid) return (st.st_mode & owner_bit) != 0;
  std::vector<gid_t> groups(64);
  if (const passwd* pw = ::getpwuid(uid)) {
    int n = static_cast<int>(groups.size());
    if (::getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n) < 0) {
      groups.resize(static_cast<std::size_t>(n));
      ::getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n);
    }
    groups.resize(static_cast<std::size_t>(std::max(n, 0)));
  } else {
    groups.clear();
  }
  if (std::find(groups.begin(), groups.end(), st.st_gid) != groups.end())
    return (st.st_mode & (owner_bit >> 3)) != 0;
  return (st.st_mode & (owner_bit >> 6)) != 0;
}

[[noreturn]] void refuse(const std::string& flag, const std::string& path, const std::string& why,
                         const char* verb = "write there") {
  throw usage_error("refusing the recorded " + flag + " '" + path + "': " + why +
                    "; give the whole command to " + verb);
}

}  // namespace

std::vector<std::string> words_after_scan(const std::string& command_line) {
  auto all = split_shell_words(command_line);
  if (!all) return {};  // not a line we wrote (an unclosed quote): no arguments
  return words_after_scan(*all);
}

std::vector<std::string> words_after_scan(const std::vector<std::string>& words) {
  auto scan = std::find(words.begin(), words.end(), "scan");
  if (scan == words.end()) return {};
  return {scan + 1, words.end()};
}

std::string scan_command_line(const std::vector<std::string>& words) {
  std::string args = shell_join(words);
  return args.empty() ? "sockscope scan" : "sockscope scan " + args;
}

std::vector<std::string> with_option_value(std::vector<std::string> words, const std::string& flag,
                                           const std::string& value) {
  bool found = false;
  const std::string joined = flag + "=";
  for (std::size_t i = 0; i < words.size() && words[i] != "--"; ++i) {
    if (words[i] == flag && i + 1 < words.size()) {
      words[++i] = value;
      found = true;
    } else if (words[i].rfind(joined, 0) == 0) {
      words[i] = joined + value;
      found = true;
    }
  }
  if (!found) words.insert(words.begin(), {flag, value});
  return words;
}

uid_t file_owner(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw usage_error("cannot read resume file '" + path + "': " + std::strerror(errno));
  return st.st_uid;
}

void check_recorded_output(const std::string& flag, const std::string& path, uid_t owner) {
  if (path == "-") return;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) refuse(flag, path, "it is a symbolic link");
    // A regular file, or a device such as /dev/null; never a directory or a pipe.
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
      refuse(flag, path, "it is not a regular file");
    if (!may(owner, st, S_IWUSR))
      refuse(flag, path,
             "the owner of the resume file (uid " + std::to_string(owner) + ") may not write it");
    return;
  }
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::string dir = parent.empty() ? "." : parent.string();
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    refuse(flag, path, "its directory does not exist");
  if (!may(owner, st, S_IWUSR))
    refuse(flag, path,
           "the owner of the resume file (uid " + std::to_string(owner) +
               ") may not create files in '" + dir + "'");
}

void check_recorded_input(const std::string& flag, const std::string& path, uid_t owner) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // reading it fails later, naming it
  if (!may(owner, st, S_IRUSR))
    refuse(flag, path,
           "the owner of the resume file (uid " + std::to_string(owner) + ") may not read it",
           "read it");
}

}  // namespace sockscope::scan
