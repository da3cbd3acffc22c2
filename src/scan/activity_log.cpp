#include "scan/activity_log.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.h"

namespace sockscope::scan {

std::string activity_line(const ActivityRecord& r) {
  std::string mode;
  for (auto t : r.types) mode += std::string(mode.empty() ? "" : "+") + scan_type_name(t);
  std::string targets;
  for (const auto& t : r.targets) targets += (targets.empty() ? "" : " ") + t;
  std::string ports = net::format_port_ranges(r.ports.tcp);
  if (!r.ports.udp.empty())
    ports += (ports.empty() ? "U:" : ",U:") + net::format_port_ranges(r.ports.udp);
  char duration[32];
  std::snprintf(duration, sizeof(duration), "%.2fs", to_seconds(r.elapsed));
  return format_time(r.when, "%Y-%m-%dT%H:%M:%SZ") + "\tcommand=" + r.command_line +
         "\ttargets=" + targets + "\tports=" + ports + "\tmode=" + mode + "\tduration=" + duration +
         "\topen=" + std::to_string(r.open) + (r.interrupted ? "\tinterrupted" : "");
}

ActivityLog::ActivityLog(const std::string& path) : path_(path) {
  errno = 0;
  out_.open(path, std::ios::app);
  if (!out_) {
    throw usage_error("cannot append to log file '" + path + "'" +
                      (errno ? std::string(": ") + std::strerror(errno) : std::string()));
  }
}

void ActivityLog::append(const ActivityRecord& record) {
  out_ << activity_line(record) << '\n';
  out_.flush();
  if (!out_) throw usage_error("cannot append to log file '" + path_ + "'");
}

}  // namespace sockscope::scan
