// `sockscope banner`: the banner lab's lab4-2_banner.py with bounded waits and a
// fingerprint: which probe answered, the banner, then service, product and version.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "core/text.h"
#include "discover/banner_grabber.h"
#include "discover/banner_text.h"
#include "discover/banners_csv.h"
#include "discover/service_label.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_banner {

struct Flags {
  std::string host;
  std::string port;
  std::string probe = "auto";
  std::string timeout = "3";
  std::string probe_timeout;
  std::vector<std::string> fingerprints;
  std::string csv;
  bool verbose = false;
};

std::string probe_title(const std::string& probe) {
  if (probe == "http") return "HTTP probe";
  if (probe == "smtp") return "SMTP probe";
  if (probe == "passive") return "passive read";
  if (probe == "tls") return "TLS probe, HTTP inside";
  return probe + " probe";
}

void print_tls(const discover::TlsInfo& tls) {
  if (!tls.ok) {
    std::printf("TLS: no handshake (%s)\n", tls.error.c_str());
    return;
  }
  std::printf("TLS: %s, cipher %s, ALPN %s\n", tls.version.c_str(), tls.cipher.c_str(),
              tls.alpn.empty() ? "none" : tls.alpn.c_str());
  std::printf("Certificate subject: %s\n",
              printable_utf8(tls.subject, LineBreaks::kEscape).c_str());
  std::printf("Certificate issuer: %s\n", printable_utf8(tls.issuer, LineBreaks::kEscape).c_str());
  std::string sans;
  for (const auto& s : tls.sans) sans += (sans.empty() ? "" : ", ") + s;
  std::printf("Certificate SANs: %s\n",
              sans.empty() ? "none" : printable_utf8(sans, LineBreaks::kEscape).c_str());
  if (!tls.not_after.empty()) std::printf("Certificate expires: %s\n", tls.not_after.c_str());
}

// One row of the lab's banners.csv; the header goes first into a new or empty file.
void append_csv_row(const std::string& path, const std::string& host, const discover::GrabResult& r,
                    std::uint16_t port) {
  std::error_code ec;
  bool fresh = !std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0;
  std::ofstream out(path, std::ios::app | std::ios::binary);
  if (!out) throw usage_error("cannot append to --csv file '" + path + "'");
  if (fresh) discover::write_banners_csv_header(out);
  std::string hint = r.match ? to_upper_ascii(std::string_view(discover::service_label(r))) : "";
  discover::write_banners_csv_row(out, {host, port, hint, discover::banner_snippet(r.reply)});
}

void print_match(const discover::GrabResult& r) {
  if (!r.match) {
    std::printf("Service: unknown (no fingerprint matched)\n");
    return;
  }
  std::printf("Service: %s\n", discover::service_label(r).c_str());
  if (!r.match->product.empty()) std::printf("Product: %s\n", r.match->product.c_str());
  if (!r.match->version.empty()) std::printf("Version: %s\n", r.match->version.c_str());
  if (!r.match->info.empty()) std::printf("Info: %s\n", r.match->info.c_str());
  if (!r.match->hostname.empty()) std::printf("Host name: %s\n", r.match->hostname.c_str());
}

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("HOST", flags->host, "name or address")->required();
  app.add_option("PORT", flags->port, "TCP port, 1-65535")->required();
  app.add_option("--probe", flags->probe,
                 "auto (the lab's HTTP GET, SMTP HELO, passive read, after what the port's "
                 "fingerprints ask for), http, smtp, generic (passive read), tls, or any probe "
                 "of the fingerprint data")
      ->capture_default_str();
  app.add_option("-t,--timeout", flags->timeout, "seconds to wait for each connection")
      ->type_name("S")
      ->capture_default_str();
  app.add_option("--probe-timeout", flags->probe_timeout,
                 "seconds to wait for a reply (default: scaled to the measured round trip, "
                 "0.3-5 s)")
      ->type_name("S");
  app.add_option("--fingerprints", flags->fingerprints,
                 "extra fingerprint file, tried before the shipped entries (repeatable; format "
                 "in docs/fingerprints.md)")
      ->type_name("FILE");
  app.add_option("--csv", flags->csv,
                 "append the lab's banners.csv row (host,port,service_hint,banner_snippet; the "
                 "header first when the file is new)")
      ->type_name("FILE");
  app.add_flag("-v,--verbose", flags->verbose, "also print the probes tried, RTT and elapsed time");
  app.footer(
      "Prints 'Banner (HTTP probe):' (or SMTP probe, passive read, TLS probe), the banner (first\n"
      "1,000 characters, control bytes escaped), then Service/Product/Version. Exit 0 a banner\n"
      "was read, 1 nothing (closed, refused, silent), 2 bad arguments, 130/143 Ctrl-C/SIGTERM.\n"
      "Ports 9100-9107 (printers) get only a passive read unless --probe names one.\n"
      "Example: sockscope banner 192.0.2.10 22");
  return [flags] {
    net::install_interrupt_handlers();
    discover::GrabOptions options;
    options.host = require_host(flags->host);
    options.port = net::parse_port(flags->port);
    options.probe = flags->probe;
    options.connect_timeout = parse_timeout(flags->timeout);
    if (!flags->probe_timeout.empty()) {
      options.probe_timeout = parse_timeout(flags->probe_timeout, "--probe-timeout");
    }
    discover::FingerprintDb db = discover::FingerprintDb::builtin();
    for (const auto& file : flags->fingerprints) db.add_file(file);
    discover::GrabResult r = discover::grab_banner(options, db);
    if (net::interrupted()) return interrupted_exit_code();
    for (const auto& note : r.notes) std::printf("Note: %s\n", note.c_str());
    if (r.tls) print_tls(*r.tls);
    if (flags->verbose) {
      std::string tried;
      for (const auto& p : r.tried) tried += (tried.empty() ? "" : ", ") + p;
      std::printf("Probes tried: %s; RTT %.1f ms; elapsed %.3f s\n", tried.c_str(),
                  to_seconds(r.rtt) * 1000, to_seconds(r.elapsed));
    }
    if (r.status != discover::GrabStatus::kBanner) {
      bool closed = r.status != discover::GrabStatus::kNothing;
      std::printf("%s:%u %s (%s)\n", flags->host.c_str(), options.port,
                  closed ? "is CLOSED" : "sent no banner", r.reason.c_str());
      return static_cast<int>(ExitCode::kNetworkNo);
    }
    if (!flags->csv.empty()) append_csv_row(flags->csv, flags->host, r, options.port);
    std::printf("Banner (%s):\n", probe_title(r.probe).c_str());
    for (const auto& line : discover::banner_lines(r.reply)) std::printf("%s\n", line.c_str());
    print_match(r);
    return 0;
  };
}

const bool registered = register_command(
    {"banner", "grab a TCP service's banner and name the service, product and version", 32, setup});

}  // namespace file_banner
}  // namespace
}  // namespace sockscope::cli
