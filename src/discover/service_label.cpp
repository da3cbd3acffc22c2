#include "discover/service_label.h"

namespace sockscope::discover {

std::string service_label(const GrabResult& result) {
  if (!result.match) return result.tls && result.tls->ok ? "ssl" : "unknown";
  bool tunnel = result.tls && result.tls->ok && result.match->service != "ssl";
  return tunnel ? "ssl/" + result.match->service : result.match->service;
}

}  // namespace sockscope::discover
