// `sockscope http`: an HTTP GET (or HEAD) client with a chosen User-Agent, the lab's
// "HTTP GET client with a custom User-Agent" without writing the request by hand.
#include <cstdio>
#include <memory>
#include <vector>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "core/text.h"
#include "http/client.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_http {

struct Flags {
  std::string url;
  std::string user_agent = std::string("sockscope/") + SOCKSCOPE_VERSION;
  std::string timeout = "10";
  std::vector<std::string> headers;
  bool head = false;
  bool insecure = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("URL", flags->url, "http://HOST[:PORT][/PATH] or https://...")->required();
  app.add_option("-A,--user-agent", flags->user_agent, "the User-Agent header to send")
      ->type_name("UA")
      ->capture_default_str();
  app.add_option("-t,--timeout", flags->timeout,
                 "seconds for the whole exchange: connection, request and response")
      ->type_name("S")
      ->capture_default_str();
  app.add_flag("-I,--head", flags->head, "send HEAD and print the response head only");
  app.add_option("-H,--header", flags->headers,
                 "an extra request header 'Name: value' (repeatable; replaces ours of that name)")
      ->type_name("'K: V'");
  app.add_flag("-k,--insecure", flags->insecure,
               "https: accept any certificate (verification is on by default)");
  app.footer(
      "Sends 'GET PATH HTTP/1.1' with Host, User-Agent, Accept and 'Connection: close', then\n"
      "prints the status line and headers, a blank line and the body (chunked encoding\n"
      "removed; head lines escaped, body bytes as received). Redirects are not followed.\n"
      "A name is tried at each of its addresses in turn (as Python's create_connection).\n"
      "Exit 0 for any whole response (404 included); 1 refused, timed out, unknown host, TLS\n"
      "or certificate failure, not HTTP; 2 bad arguments; 130/143 Ctrl-C/SIGTERM.\n"
      "Examples:\n"
      "  sockscope http --user-agent 'Mozilla/lm3nitro 1.0' http://192.0.2.10/\n"
      "  sockscope http -I https://192.0.2.10:8443/ --insecure");
  return [flags] {
    net::install_interrupt_handlers();
    http::RequestOptions options;
    options.url = http::parse_url(flags->url);
    if (flags->user_agent.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      throw usage_error("bad --user-agent '" + escape_nonprintable(flags->user_agent) +
                        "': line breaks are not allowed");
    }
    options.user_agent = flags->user_agent;
    options.timeout = parse_timeout(flags->timeout);
    options.head = flags->head;
    options.verify_tls = !flags->insecure;
    for (const auto& h : flags->headers) options.headers.push_back(http::parse_header_arg(h));

    http::FetchResult result = http::fetch(options);
    if (result.outcome == net::Outcome::kInterrupted) {
      print_error("interrupted");
      return interrupted_exit_code();
    }
    if (result.outcome != net::Outcome::kOk) {
      print_error(http::describe_failure(result, options));
      return static_cast<int>(ExitCode::kNetworkNo);
    }
    const http::Response& response = result.response;
    std::string_view head = response.head;
    while (!head.empty()) {
      std::size_t nl = head.find('\n');
      std::printf("%s\n", escape_nonprintable(head.substr(0, nl)).c_str());
      head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
    }
    if (!options.head) {
      std::printf("\n");
      std::fwrite(response.body.data(), 1, response.body.size(), stdout);
    }
    std::fflush(stdout);
    return 0;
  };
}

const bool registered = register_command(
    {"http", "an HTTP/HTTPS GET or HEAD with a chosen User-Agent; prints the response", 25, setup});

}  // namespace file_http
}  // namespace
}  // namespace sockscope::cli
