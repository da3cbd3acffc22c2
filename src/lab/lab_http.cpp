#include "lab/lab_http.h"

#include <sstream>

#include "core/text.h"
#include "fmt/format.h"
#include "http/client.h"

namespace sockscope::lab {
namespace {

constexpr const char* kUserAgent = "Mozilla/lm3nitro 1.0 (rv:130.0)";  // the handout's
constexpr const char* kBody = "It works: the lab's web server\n";

std::string http_response() {
  return fmt::format(
      "HTTP/1.1 200 OK\r\nServer: sockscope-lab\r\nContent-Type: text/plain\r\n"
      "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
      std::string_view(kBody).size(), kBody);
}

}  // namespace

bool http_get_with_user_agent(LabState& state, Transcript& t) {
  serve::ServeOptions options;
  options.bind = state.host;
  options.bind.set_port(80);
  options.reply = serve::ReplyText{http_response()};
  state.web_server = std::make_unique<BackgroundServer>(options);
  const auto& at = state.web_server->local();

  http::RequestOptions request;
  request.url = http::parse_url(fmt::format("http://{}:{}/", at.address_string(), at.port()));
  request.user_agent = kUserAgent;
  request.timeout = state.timeout;
  t.line(fmt::format("$ sockscope http --user-agent '{}' http://{}/", kUserAgent,
                     at.address_string()));
  std::istringstream sent(http::build_request(request));
  for (std::string line; std::getline(sent, line) && line != "\r";) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    t.line("client > " + line);
  }
  http::FetchResult result = http::fetch(request);
  // No status line: the exchange failed (refused, timed out, not HTTP, ...). A response
  // cut short shows what arrived, and fails the body check below.
  if (result.response.status == 0) {
    t.failed("client: " + http::describe_failure(result, request));
    return false;
  }
  t.line(fmt::format("client < {} {} {}", result.response.version, result.response.status,
                     result.response.reason));
  for (const auto& [name, value] : result.response.headers) {
    t.line(fmt::format("client < {}: {}", name, escape_nonprintable(value)));
  }
  t.line("client < " + escape_nonprintable(result.response.body));

  // The web server's log shows the request as it arrived: the answer to "what did the
  // server see of the client?" is its User-Agent line.
  bool seen = false;
  for (const auto& line : state.web_server->take_log(2, std::chrono::milliseconds(500))) {
    t.line("server   " + line);
    seen = seen || line.find(std::string("User-Agent: ") + kUserAgent) != std::string::npos;
  }
  if (result.response.status != 200 || result.response.body != kBody || !seen) {
    t.failed("expected a 200 with the server's body, and the User-Agent in the server's log");
    return false;
  }
  t.line(fmt::format("the server saw the client as User-Agent: {}", kUserAgent));
  return true;
}

}  // namespace sockscope::lab
