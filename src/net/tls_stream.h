// Public. A TLS client Stream (OpenSSL) over a connected non-blocking TCP socket:
// certificate and host-name verification against the system's trust store unless
// asked not to, SNI for names, TLS 1.2 at least.
// Ownership: owns its OpenSSL objects, not the socket. One thread at a time.
#pragma once

#include <memory>
#include <string>

#include "net/stream.h"

namespace sockscope::net {

struct TlsOptions {
  std::string host;    // name or IP literal the certificate must be for; also the SNI
  bool verify = true;  // false: any certificate (--insecure)
};

class TlsStream final : public Stream {
 public:
  struct Impl;  // OpenSSL's objects; opaque outside tls_stream.cpp
  // Runs the handshake before `deadline`. On failure returns nullptr and sets `failure`
  // (kTimeout, kInterrupted, kClosed, or kTlsFailed/kError with the reason, e.g. the
  // verify error). Deadlines are measured on `clock`.
  static std::unique_ptr<TlsStream> handshake(int fd, const TlsOptions& options, TimePoint deadline,
                                              IoResult& failure,
                                              const Clock& clock = SteadyClock::instance());
  ~TlsStream() override;
  IoResult write_all(std::string_view data, TimePoint deadline) override;
  IoResult read(std::span<char> buffer, TimePoint deadline) override;
  const Clock& clock() const override;

 private:
  explicit TlsStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sockscope::net
