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
  p.http_links.after_request = c.has_request_uri;  // before this frame's own request line
  const bool request = message.substr(0, 5) != "HTTP/";
  const std::string_view line = http_first_line(message);
  const std::string_view uri = http_request_uri(line);
  if (request) {  // the request line is read before any header line can stop HTTP
    c.request_uri.assign(uri);
    c.request_method.assign(line.substr(0, line.find(' ')));
    c.has_request_uri = true;
  }
  if (p.http_cut_in_header) return;
  if (request) {
    std::string_view host;
    if (http_last_host(message, host)) {
      c.full_uri = http_full_uri(line.substr(0, line.find(' ')), uri, host);
      c.has_full_uri = true;
    }
    c.before_last = c.last;
    c.last = Pair{p.number, 0, p.ts};
    p.http_links.prev_request_in = c.before_last.request;
    return;
  }
  if (c.last.request == 0 || c.last.response != 0) {  // its request was not seen
    c.before_last = c.last;
    c.last = Pair{};
  }
  c.last.response = p.number;
  p.http_links.request_in = c.last.request;
  if (c.last.request != 0) p.http_links.time = difference(p.ts, c.last.request_ts);
  p.http_links.prev_request_in = c.before_last.request;
  p.http_links.prev_response_in = c.before_last.response;
  if (c.has_full_uri || c.has_request_uri) {
    uri_ = c.has_full_uri ? c.full_uri : c.request_uri;
    p.http_links.response_for_uri = uri_;
    p.http_links.has_response_for_uri = true;
  }
}

bool HttpTransactions::seen_request(std::int32_t stream) const {
  auto found = connections_.find(stream);
  return found != connections_.end() && found->second.has_request_uri;
}

std::string_view HttpTransactions::request_method(std::int32_t stream) const {
  auto found = connections_.find(stream);
  return found == connections_.end() ? std::string_view{} : found->second.request_method;
}

}  // namespace sockscope::capture
