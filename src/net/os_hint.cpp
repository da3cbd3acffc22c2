#include "net/os_hint.h"

#include <array>

namespace sockscope::net {
namespace {

// Windows each stack offers in its SYN/ACK by default: Linux sizes its first window from
// the MSS (64240 = 44 x 1460 since 4.x, 29200 = 20 x 1460 and 5840 = 4 x 1460 before;
// 65483, 65495 and 43690 on loopback), the BSDs and macOS offer 65535.
bool linux_window(int w) {
  static constexpr std::array<int, 7> kLinux = {64240, 29200, 14600, 5840, 65483, 65495, 43690};
  for (int v : kLinux) {
    if (w == v) return true;
  }
  return false;
}

}  // namespace

std::string OsHint::text() const {
  return family + "-style stack (a guess from " + evidence + ")";
}

std::optional<OsHint> os_hint(int ttl, int window) {
  if (ttl < 1 || ttl > 255) return std::nullopt;
  OsHint h;
  h.initial_ttl = ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
  h.hops = h.initial_ttl - ttl;
  h.evidence = "TTL " + std::to_string(ttl) + " (starts at " + std::to_string(h.initial_ttl) +
               ", " + std::to_string(h.hops) + (h.hops == 1 ? " hop)" : " hops)");
  if (window >= 0) h.evidence += ", window " + std::to_string(window);
  switch (h.initial_ttl) {
    case 32:
      h.family = "old Windows (9x/NT)";
      break;
    case 64:
      h.family = window < 0             ? "Linux or BSD"
                 : linux_window(window) ? "Linux"
                 : window == 65535      ? "BSD or macOS"
                                        : "Linux or BSD";
      break;
    case 128:
      h.family = "Windows";
      break;
    default:
      h.family = "Solaris or network equipment";
      break;
  }
  return h;
}

}  // namespace sockscope::net
