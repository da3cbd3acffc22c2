#include "http/url.h"

#include "core/error.h"
#include "core/text.h"
#include "net/address.h"

namespace sockscope::http {
namespace {

[[noreturn]] void bad_url(std::string_view text, const std::string& why) {
  throw usage_error("bad URL '" + escape_nonprintable(text) + "': " + why);
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool clean(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

}  // namespace

Url parse_url(std::string_view text) {
  Url url;
  std::string_view rest;
  if (starts_with_nocase(text, "http://")) {
    rest = text.substr(7);
  } else if (starts_with_nocase(text, "https://")) {
    url.tls = true;
    url.port = 443;
    rest = text.substr(8);
  } else {
    bad_url(text, "expected http://HOST[:PORT][/PATH] or https://...");
  }
  if (!clean(rest)) bad_url(text, "spaces and control characters must be percent-encoded");
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view target = end == std::string_view::npos ? "" : rest.substr(end);
  if (std::size_t hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);  // fragments stay in the browser
  }
  std::string path(target);
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  url.target = std::move(path);
  if (authority.find('@') != std::string_view::npos) bad_url(text, "user names are not supported");
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) bad_url(text, "an unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') bad_url(text, "junk after the IPv6 address");
    if (!after.empty()) port = after.substr(1);
    if (!net::parse_ip_literal(host, 0)) bad_url(text, "not an IPv6 address in the brackets");
  } else if (std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) bad_url(text, "IPv6 addresses need brackets");
  }
  if (host.empty()) bad_url(text, "no host");
  if (host.size() > 253) bad_url(text, "a host name longer than 253 characters");
  url.host = std::string(host);
  bool default_port = true;
  if (authority.size() != host.size() + (authority.front() == '[' ? 2 : 0)) {
    url.port = net::parse_port(port, false, "port in URL");
    default_port = url.port == (url.tls ? 443 : 80);
  }
  bool v6 = url.host.find(':') != std::string::npos;
  url.host_header = v6 ? std::string("[").append(url.host).append("]") : url.host;
  if (!default_port) url.host_header.append(":").append(std::to_string(url.port));
  return url;
}

}  // namespace sockscope::http
