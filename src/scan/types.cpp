#include "scan/types.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "net/os_hint.h"
#include "net/services.h"

namespace sockscope::scan {

namespace {

// Each enum's words, indexed by its value.
constexpr std::array<const char*, 4> kStateNames = {"open", "closed", "filtered", "open|filtered"};
constexpr std::array<const char*, 3> kScanTypeNames = {"connect", "syn", "udp"};

template <typename Enum, std::size_t N>
const char* word_of(const std::array<const char*, N>& words, Enum value) {
  auto i = static_cast<std::size_t>(value);
  return i < N ? words[i] : words[0];
}

template <typename Enum, std::size_t N>
bool value_of(const std::array<const char*, N>& words, std::string_view word, Enum& out) {
  for (std::size_t i = 0; i < N; ++i) {
    if (word == words[i]) {
      out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

const char* state_name(PortState state) {
  return word_of(kStateNames, state);
}

bool parse_state_name(std::string_view text, PortState& out) {
  return value_of(kStateNames, text, out);
}

const char* scan_type_name(ScanType type) {
  return word_of(kScanTypeNames, type);
}

bool scan_type_from_name(std::string_view name, ScanType& out) {
  return value_of(kScanTypeNames, name, out);
}

const char* proto_name(net::Transport proto) {
  return proto == net::Transport::kTcp ? "tcp" : "udp";
}

bool is_shown_with_open(PortState state) {
  return state == PortState::kOpen || state == PortState::kOpenFiltered;
}

Duration total_elapsed(const ScanInfo& info, const ScanSummary& s) {
  return info.earlier_elapsed.value_or(Duration::zero()) + s.elapsed;
}

std::string_view shown_service_name(const PortResult& r) {
  if (r.service && !r.service->name.empty()) return r.service->name;
  return net::service_name_view(r.port, r.proto);
}

std::string version_text(const ServiceFacts& s) {
  std::string text = s.product;
  if (!s.version.empty()) text += (text.empty() ? "" : " ") + s.version;
  if (!s.info.empty()) text += (text.empty() ? "(" : " (") + s.info + ")";
  return text;
}

std::string result_os_hint(const PortResult& r) {
  if (r.proto != net::Transport::kTcp || r.state != PortState::kOpen || r.window < 0) return {};
  auto hint = net::os_hint(r.ttl, r.window);
  return hint ? hint->text() : std::string();
}

std::string host_os_hint(const std::vector<PortResult>& results) {
  for (const PortResult& r : results) {
    std::string hint = result_os_hint(r);
    if (!hint.empty()) return hint;
  }
  return {};
}

void sort_by_port(std::vector<PortResult>& results) {
  std::stable_sort(results.begin(), results.end(), [](const PortResult& a, const PortResult& b) {
    return std::make_pair(a.proto, a.port) < std::make_pair(b.proto, b.port);
  });
}

}  // namespace sockscope::scan
