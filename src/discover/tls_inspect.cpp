#include "discover/tls_inspect.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <cstring>
#include <memory>

#include "net/address.h"
#include "net/wait.h"

namespace sockscope::discover {
namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslFree {
  void operator()(SSL* s) const { SSL_free(s); }
};

std::string name_text(const X509_NAME* name) {
  if (name == nullptr) return {};
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return text;
}

std::vector<std::string> subject_alt_names(X509* cert) {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS) {
      const ASN1_IA5STRING* s = n->d.dNSName;
      out.push_back("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                         static_cast<std::size_t>(ASN1_STRING_length(s))));
    } else if (n->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = n->d.iPAddress;
      char text[64] = "";
      int len = ASN1_STRING_length(s);
      const unsigned char* b = ASN1_STRING_get0_data(s);
      if (len == 4) {
        std::snprintf(text, sizeof(text), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
      } else if (len == 16) {
        in6_addr a{};
        std::memcpy(&a, b, 16);
        out.push_back("IP:" + net::Endpoint::ipv6(a, 0).address_string());
        continue;
      }
      out.push_back(std::string("IP:") + text);
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string openssl_error() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "the peer closed the connection during the handshake";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

}  // namespace

TlsInfo inspect_tls(int fd, const std::string& host, TimePoint deadline) {
  TlsInfo info;
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    info.error = openssl_error();
    return info;
  }
  // Report what the server offers, however old: no floor, lowest security level.
  SSL_CTX_set_min_proto_version(ctx.get(), 0);
  SSL_CTX_set_security_level(ctx.get(), 0);
  static const unsigned char kAlpn[] = "\x08http/1.1";
  SSL_CTX_set_alpn_protos(ctx.get(), kAlpn, sizeof(kAlpn) - 1);
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) {
    info.error = openssl_error();
    return info;
  }
  if (!net::parse_ip_literal(host, 0)) SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  for (;;) {
    ERR_clear_error();
    int rc = SSL_connect(ssl.get());
    if (rc == 1) break;
    int err = SSL_get_error(ssl.get(), rc);
    short events = err == SSL_ERROR_WANT_READ ? POLLIN : err == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
    if (events == 0) {
      info.error = openssl_error();
      return info;
    }
    net::WaitResult w = net::wait_for(fd, events, deadline);
    if (w.outcome != net::Outcome::kOk) {
      info.error = w.outcome == net::Outcome::kTimeout ? "no TLS handshake in time"
                                                       : "interrupted or failed wait";
      return info;
    }
  }
  info.ok = true;
  info.version = SSL_get_version(ssl.get());
  info.cipher = SSL_get_cipher_name(ssl.get());
  const unsigned char* alpn = nullptr;
  unsigned int alpn_len = 0;
  SSL_get0_alpn_selected(ssl.get(), &alpn, &alpn_len);
  if (alpn != nullptr) info.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  X509* cert = SSL_get1_peer_certificate(ssl.get());
  if (cert != nullptr) {
    info.subject = name_text(X509_get_subject_name(cert));
    info.issuer = name_text(X509_get_issuer_name(cert));
    info.sans = subject_alt_names(cert);
    BIO* bio = BIO_new(BIO_s_mem());
    ASN1_TIME_print(bio, X509_get0_notAfter(cert));
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    info.not_after.assign(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    X509_free(cert);
  }
  SSL_shutdown(ssl.get());  // one close_notify; we do not wait for the server's
  return info;
}

}  // namespace sockscope::discover
