#include "discover/banner_leaks.h"

#include <string_view>

namespace sockscope::discover {
namespace {

struct Advice {
  std::string_view product;  // matched as a prefix of the product name
  std::string_view step;
};

// One step each, from the products' own documentation.
constexpr Advice kByProduct[] = {
    {"nginx", "Set 'server_tokens off;' so the Server header carries no version."},
    {"Apache httpd", "Set 'ServerTokens Prod' and 'ServerSignature Off'."},
    {"lighttpd", "Set 'server.tag' to a neutral name."},
    {"SimpleHTTP",
     "Python's http.server is for development: serve through a production web server."},
    {"OpenSSH",
     "SSH needs the software name; drop the OS patch level ('DebianBanner no' on Debian) and "
     "keep OpenSSH patched rather than hidden."},
    {"Dropbear", "Keep Dropbear patched and reachable only from management networks."},
    {"Postfix", "Set 'smtpd_banner = $myhostname ESMTP' so the greeting names no product."},
    {"Exim", "Set 'smtp_banner = $smtp_active_hostname ESMTP' to drop product and version."},
    {"vsftpd", "Set 'ftpd_banner=' to a neutral greeting."},
    {"ProFTPD", "Set 'ServerIdent off'."},
    {"Dovecot", "Set 'login_greeting' to a neutral text."},
    {"Redis",
     "Bind Redis to a private interface, keep 'protected-mode yes' and require a password "
     "(ACLs)."},
    {"Memcached", "Listen on localhost or a private interface only ('-l'), with UDP off ('-U 0')."},
    {"MySQL", "Keep the database port off shared networks ('bind-address'), filter 3306."},
    {"MariaDB", "Keep the database port off shared networks ('bind-address'), filter 3306."},
    {"PostgreSQL", "Set 'listen_addresses' to private interfaces and filter 5432."},
    {"dnsmasq", "Start dnsmasq with '--no-ident' so it does not answer version.bind."},
    {"NTP", "Answer time queries only for your own networks ('allow' / 'restrict')."},
};

std::string step_for(const PortFacts& f) {
  for (const Advice& a : kByProduct) {
    if (std::string_view(f.product).substr(0, a.product.size()) == a.product) {
      return std::string(a.step);
    }
  }
  if (f.service == "snmp")
    return "Replace the community 'public' or move to SNMPv3; filter by source.";
  if (f.service == "domain") return "Hide the version (BIND: 'version \"none\";').";
  return "Remove the version from the banner where the software allows it, and limit who can "
         "reach the port.";
}

// The value of header `name` in an HTTP head (raw "\r\n" or escaped "\\r\\n" lines).
std::string header_value(std::string_view banner, std::string_view name) {
  for (std::size_t at = 0; (at = banner.find(name, at)) != std::string_view::npos; ++at) {
    bool line_start = (at >= 1 && banner[at - 1] == '\n') ||
                      (at >= 2 && banner[at - 2] == '\\' && banner[at - 1] == 'n');
    if (!line_start) continue;
    std::size_t v = at + name.size();
    std::size_t end = banner.find_first_of("\r\n\\", v);
    std::string_view value = banner.substr(v, end == std::string_view::npos ? end : end - v);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return std::string(value);
  }
  return {};
}

}  // namespace

std::vector<Leak> banner_leaks(const PortFacts& f) {
  std::vector<Leak> leaks;
  if (!f.product.empty()) {
    std::string what = f.version.empty() ? "software name: " + f.product
                                         : "version string: " + f.product + " " + f.version;
    if (!f.info.empty()) what += " (" + f.info + ")";
    leaks.push_back({what, step_for(f)});
  } else if (!f.version.empty()) {
    leaks.push_back({"version string: " + f.version, step_for(f)});
  } else if (f.service == "snmp" || f.service == "domain") {
    leaks.push_back(
        {f.service + " answers strangers" + (f.info.empty() ? "" : ": " + f.info), step_for(f)});
  }
  if (!f.hostname.empty()) {
    leaks.push_back({"host name: " + f.hostname,
                     "Greet with the public name (e.g. the MX name) so internal host names stay "
                     "private."});
  }
  std::string powered = header_value(f.banner, "X-Powered-By:");
  if (!powered.empty()) {
    leaks.push_back({"framework: " + powered,
                     "Turn the X-Powered-By header off (PHP: 'expose_php = Off'; Express: "
                     "app.disable('x-powered-by'))."});
  }
  return leaks;
}

}  // namespace sockscope::discover
