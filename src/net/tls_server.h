// Public. Server-side TLS for net::TcpServer (`chat server --tls`): a context made once
// from a PEM certificate chain and private key, and per accepted client a non-blocking
// session over its socket that net::Connection drives from the event loop (handshake,
// reads and writes that may each want the other direction). TLS 1.2 at least.
// Ownership: the context is shared (shared_ptr) by the server's sessions; a session owns
// its SSL object, never the socket. One thread at a time; the process must ignore SIGPIPE
// (every TcpServer user does), as OpenSSL writes with plain write().
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace sockscope::net {

class TlsServerContext {
 public:
  // Throws a usage error naming the file when the certificate or key cannot be loaded or
  // do not match.
  static std::shared_ptr<const TlsServerContext> load(const std::string& cert_file,
                                                      const std::string& key_file);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  struct Impl;  // OpenSSL's SSL_CTX; opaque outside tls_server.cpp
  const Impl& impl() const { return *impl_; }

 private:
  explicit TlsServerContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class TlsSession {
 public:
  enum class Status {
    kOk,         // done: the handshake finished, or `bytes` were read or written
    kWantRead,   // call again when the socket is readable
    kWantWrite,  // call again when the socket is writable
    kClosed,     // the peer closed (close_notify or EOF)
    kError,      // failed; error() says why
  };
  struct Result {
    Status status;
    std::size_t bytes = 0;
  };

  TlsSession(const TlsServerContext& context, int fd);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  bool established() const { return established_; }
  Status handshake();
  Result read(char* buffer, std::size_t size);
  // Partial writes allowed; after kWantRead/kWantWrite call again with the same bytes at
  // the front (the buffer may have moved and grown).
  Result write(const char* data, std::size_t size);
  // Decrypted bytes OpenSSL holds that the socket's readiness no longer shows.
  bool pending() const;
  // Sends close_notify, best effort (no wait for the peer's).
  void close_notify();
  const std::string& error() const { return error_; }

 private:
  Status status_of(int rc);

  struct Ssl;
  std::unique_ptr<Ssl> ssl_;
  bool established_ = false;
  std::string error_;
};

}  // namespace sockscope::net
