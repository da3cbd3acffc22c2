#include "net/tls_stream.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <cerrno>

#include "net/address.h"
#include "net/wait.h"

namespace sockscope::net {

struct TlsStream::Impl {
  int fd = -1;
  const Clock* clock = nullptr;
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Impl() {
    if (ssl != nullptr) SSL_free(ssl);
    if (ctx != nullptr) SSL_CTX_free(ctx);
  }
};

namespace {

std::string last_openssl_error() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "TLS failure";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

// After an SSL_* call returned `rc`: waits for what OpenSSL needs (kOk = call again), or
// says why the stream is done.
IoResult wait_as_asked(TlsStream::Impl& s, int rc, TimePoint deadline) {
  int err = SSL_get_error(s.ssl, rc);
  short events = err == SSL_ERROR_WANT_READ ? POLLIN : err == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
  if (events == 0) {
    if (err == SSL_ERROR_ZERO_RETURN) return {Outcome::kClosed, 0, {}};
    if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
      if (errno == 0) return {Outcome::kClosed, 0, {}};
      return io_failure(errno);
    }
    long verify = SSL_get_verify_result(s.ssl);
    if (verify != X509_V_OK) {
      ERR_clear_error();
      return {Outcome::kTlsFailed, 0,
              std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify)};
    }
    return {Outcome::kTlsFailed, 0, last_openssl_error()};
  }
  WaitResult w = wait_for(s.fd, events, deadline, *s.clock);
  if (w.outcome == Outcome::kError) return io_failure(w.error);
  return {w.outcome, 0, {}};
}

}  // namespace

TlsStream::TlsStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsStream::~TlsStream() = default;

std::unique_ptr<TlsStream> TlsStream::handshake(int fd, const TlsOptions& options,
                                                TimePoint deadline, IoResult& failure,
                                                const Clock& clock) {
  auto s = std::make_unique<Impl>();
  s->fd = fd;
  s->clock = &clock;
  s->ctx = SSL_CTX_new(TLS_client_method());
  if (s->ctx == nullptr) {
    failure = {Outcome::kTlsFailed, 0, last_openssl_error()};
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(s->ctx, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
  SSL_CTX_set_options(s->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);  // many servers just close
#endif
  if (options.verify) {
    SSL_CTX_set_default_verify_paths(s->ctx);
    SSL_CTX_set_verify(s->ctx, SSL_VERIFY_PEER, nullptr);
  }
  s->ssl = SSL_new(s->ctx);
  if (s->ssl == nullptr || SSL_set_fd(s->ssl, fd) != 1) {
    failure = {Outcome::kTlsFailed, 0, last_openssl_error()};
    return nullptr;
  }
  bool ip = parse_ip_literal(options.host, 0).has_value();
  if (!ip) SSL_set_tlsext_host_name(s->ssl, options.host.c_str());
  if (options.verify) {
    int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s->ssl), options.host.c_str())
                : SSL_set1_host(s->ssl, options.host.c_str());
    if (ok != 1) {
      failure = {Outcome::kTlsFailed, 0, last_openssl_error()};
      return nullptr;
    }
  }
  for (;;) {
    ERR_clear_error();
    int rc = SSL_connect(s->ssl);
    if (rc == 1) break;
    IoResult r = wait_as_asked(*s, rc, deadline);
    if (r.outcome != Outcome::kOk) {
      failure = r;
      return nullptr;
    }
  }
  return std::unique_ptr<TlsStream>(new TlsStream(std::move(s)));
}

IoResult TlsStream::write_all(std::string_view data, TimePoint deadline) {
  std::size_t done = 0;
  while (done < data.size()) {
    ERR_clear_error();
    std::size_t n = 0;
    int rc = SSL_write_ex(impl_->ssl, data.data() + done, data.size() - done, &n);
    if (rc == 1) {
      done += n;
      continue;
    }
    IoResult r = wait_as_asked(*impl_, rc, deadline);
    if (r.outcome != Outcome::kOk) return r;
  }
  return {Outcome::kOk, done, {}};
}

IoResult TlsStream::read(std::span<char> buffer, TimePoint deadline) {
  for (;;) {
    ERR_clear_error();
    std::size_t n = 0;
    int rc = SSL_read_ex(impl_->ssl, buffer.data(), buffer.size(), &n);
    if (rc == 1) return {Outcome::kOk, n, {}};
    IoResult r = wait_as_asked(*impl_, rc, deadline);
    if (r.outcome != Outcome::kOk) return r;
  }
}

const Clock& TlsStream::clock() const {
  return *impl_->clock;
}

}  // namespace sockscope::net
