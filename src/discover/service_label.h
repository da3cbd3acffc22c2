// Public. The service name as people read it: "ssl/http" when it was found inside TLS
// (nmap's spelling, so the two compare), "unknown" when nothing matched.
#pragma once

#include <string>

#include "discover/banner_grabber.h"

namespace sockscope::discover {

std::string service_label(const GrabResult& result);

}  // namespace sockscope::discover
