#include "capture/dissect/http_transactions.h"

#include "capture/dissect/http_reassembly.h"
#include "capture/http_headers.h"

namespace sockscope::capture {

void HttpTransactions::add(Packet& p) {
  p.http_links = {};
  if (!has_http_layer(p) || p.stream < 0) return;
  const std::string_view message(reinterpret_cast<const char*>(p.http_message.data()),
                                 p.http_message.size());
  Connection& c = connections_[p.stream];
  if (message.substr(0, 5) != "HTTP/") {  // a request
    p.http_links.prev_request_in = c.last_request;
    Request r{p.number, p.ts, {}};
    std::string_view host;
    if (http_last_host(message, host)) {
      const std::string_view line = http_first_line(message);
      const std::size_t space = line.find(' ');
      const std::string_view rest =
          space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
      r.full_uri.append("http://").append(host).append(rest.substr(0, rest.find(' ')));
    }
    if (c.waiting.size() == kMaxWaiting) c.waiting.pop_front();
    c.waiting.push_back(std::move(r));
    c.last_request = p.number;
    return;
  }
  p.http_links.prev_response_in = c.last_response;
  c.last_response = p.number;
  if (c.waiting.empty()) return;
  Request& r = c.waiting.front();
  p.http_links.request_in = r.frame;
  p.http_links.time = difference(p.ts, r.ts);
  p.http_links.prev_request_in = c.answered_request_before;
  uri_ = std::move(r.full_uri);
  p.http_links.response_for_uri = uri_;
  c.answered_request_before = r.frame;
  c.waiting.pop_front();
}

}  // namespace sockscope::capture
