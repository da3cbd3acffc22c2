#include "net/tls_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "core/error.h"

namespace sockscope::net {

struct TlsServerContext::Impl {
  SSL_CTX* ctx = nullptr;
  ~Impl() {
    if (ctx != nullptr) SSL_CTX_free(ctx);
  }
};

struct TlsSession::Ssl {
  SSL* ssl = nullptr;
  ~Ssl() {
    if (ssl != nullptr) SSL_free(ssl);
  }
};

namespace {

std::string openssl_error(const char* fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

}  // namespace

TlsServerContext::TlsServerContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsServerContext::~TlsServerContext() = default;

std::shared_ptr<const TlsServerContext> TlsServerContext::load(const std::string& cert_file,
                                                               const std::string& key_file) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = SSL_CTX_new(TLS_server_method());
  if (impl->ctx == nullptr) throw Error(ExitCode::kInternal, openssl_error("SSL_CTX_new failed"));
  SSL_CTX_set_min_proto_version(impl->ctx, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
  // Most clients just close: an EOF without close_notify is an ordinary end here.
  SSL_CTX_set_options(impl->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
  // Writes may be partial and retried from a queue whose buffer moves as it grows.
  SSL_CTX_set_mode(impl->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                  SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_use_certificate_chain_file(impl->ctx, cert_file.c_str()) != 1) {
    throw usage_error("bad --cert " + cert_file + ": " + openssl_error("not a PEM certificate"));
  }
  if (SSL_CTX_use_PrivateKey_file(impl->ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw usage_error("bad --key " + key_file + ": " + openssl_error("not a PEM private key"));
  }
  if (SSL_CTX_check_private_key(impl->ctx) != 1) {
    throw usage_error("bad --key " + key_file + ": it does not match --cert " + cert_file);
  }
  return std::shared_ptr<const TlsServerContext>(new TlsServerContext(std::move(impl)));
}

TlsSession::TlsSession(const TlsServerContext& context, int fd) : ssl_(std::make_unique<Ssl>()) {
  ssl_->ssl = SSL_new(context.impl().ctx);
  if (ssl_->ssl == nullptr) throw Error(ExitCode::kInternal, openssl_error("SSL_new failed"));
  SSL_set_fd(ssl_->ssl, fd);
  SSL_set_accept_state(ssl_->ssl);
}

TlsSession::~TlsSession() = default;

TlsSession::Status TlsSession::status_of(int rc) {
  int err = SSL_get_error(ssl_->ssl, rc);
  switch (err) {
    case SSL_ERROR_WANT_READ:
      return Status::kWantRead;
    case SSL_ERROR_WANT_WRITE:
      return Status::kWantWrite;
    case SSL_ERROR_ZERO_RETURN:
      return Status::kClosed;
    case SSL_ERROR_SYSCALL:
      if (ERR_peek_error() == 0) {
        if (errno == 0 || errno == ECONNRESET || errno == EPIPE) {
          error_ = errno == 0 ? "closed by peer" : std::strerror(errno);
          return errno == 0 ? Status::kClosed : Status::kError;
        }
        error_ = std::strerror(errno);
        return Status::kError;
      }
      [[fallthrough]];
    default:
      error_ = openssl_error("TLS failure");
      return Status::kError;
  }
}

TlsSession::Status TlsSession::handshake() {
  if (established_) return Status::kOk;
  ERR_clear_error();
  errno = 0;
  int rc = SSL_do_handshake(ssl_->ssl);
  if (rc == 1) {
    established_ = true;
    return Status::kOk;
  }
  Status s = status_of(rc);
  if (s == Status::kClosed) error_ = "closed during the TLS handshake";
  return s;
}

TlsSession::Result TlsSession::read(char* buffer, std::size_t size) {
  ERR_clear_error();
  errno = 0;
  int want = size > INT_MAX ? INT_MAX : static_cast<int>(size);
  int rc = SSL_read(ssl_->ssl, buffer, want);
  if (rc > 0) return {Status::kOk, static_cast<std::size_t>(rc)};
  return {status_of(rc), 0};
}

TlsSession::Result TlsSession::write(const char* data, std::size_t size) {
  if (size == 0) return {Status::kOk, 0};
  ERR_clear_error();
  errno = 0;
  int want = size > INT_MAX ? INT_MAX : static_cast<int>(size);
  int rc = SSL_write(ssl_->ssl, data, want);
  if (rc > 0) return {Status::kOk, static_cast<std::size_t>(rc)};
  return {status_of(rc), 0};
}

bool TlsSession::pending() const {
  return SSL_pending(ssl_->ssl) > 0;
}

void TlsSession::close_notify() {
  if (!established_) return;
  ERR_clear_error();
  SSL_shutdown(ssl_->ssl);  // one attempt: never waits for the peer's close_notify
  ERR_clear_error();
}

}  // namespace sockscope::net
