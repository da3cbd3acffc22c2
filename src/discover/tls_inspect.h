// Public. What a TLS server shows in its handshake: protocol version, cipher, ALPN, and
// its certificate's subject, issuer, names (SANs) and expiry. OpenSSL directly, with no
// verification and old versions allowed: discovery reports what is there, it does not
// trust it (net::TlsStream verifies, and carries the HTTP probe afterwards).
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"

namespace sockscope::discover {

struct TlsInfo {
  bool ok = false;
  std::string error;    // !ok: why the handshake failed ("timeout", OpenSSL's words)
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string alpn;  // the protocol the server chose, "" when none
  std::string subject;
  std::string issuer;
  std::vector<std::string> sans;  // "DNS:example.org", "IP:192.0.2.1"
  std::string not_after;          // "Dec  4 07:00:00 2027 GMT"
};

// Handshakes on the connected non-blocking socket `fd` (SNI = `host` unless it is an IP
// literal, ALPN offer "http/1.1") before `deadline`, reads the certificate and closes the
// TLS session. The socket stays the caller's.
TlsInfo inspect_tls(int fd, const std::string& host, TimePoint deadline);

}  // namespace sockscope::discover
