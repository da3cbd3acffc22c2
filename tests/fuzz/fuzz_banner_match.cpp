// Fuzzes the banner matcher with the shipped fingerprints: any reply bytes, under any
// probe, match or not within the match limits, and what is filled in is printable.
#include <string_view>

#include "discover/banner_text.h"
#include "discover/fingerprints.h"
#include "fuzz_target.h"

namespace {

bool printable(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sockscope::discover::FingerprintDb;
  static const FingerprintDb db = FingerprintDb::builtin();
  std::string_view reply(reinterpret_cast<const char*>(data), size);
  for (const char* probe :
       {"passive", "http", "smtp", "tls", "redis", "memcached", "pgsql", "dns", "ntp", "snmp"}) {
    auto m = db.match(reply, probe);
    if (m && !(printable(m->product) && printable(m->version) && printable(m->info) &&
               printable(m->hostname))) {
      __builtin_trap();
    }
  }
  for (const std::string& line : sockscope::discover::banner_lines(reply)) {
    if (!printable(line)) __builtin_trap();
  }
  if (sockscope::discover::banner_cut(reply).size() > reply.size()) __builtin_trap();
  return 0;
}
