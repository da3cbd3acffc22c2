// HTTP's header fields as Wireshark 4.0's packet-http.c adds them: one occurrence per
// header line of that name (case ignored: `host:` and `Host:` alike), its value from
// the first non-blank after the colon to the end of the line, trailing blanks kept;
// http.content_length where the value is a number; http.request.line and
// http.response.line, each header line with its CRLF; and the request/response links
// of dissect/http_transactions.h.
#include <array>

#include "capture/dissect/http_reassembly.h"
#include "capture/filter/fields.h"
#include "capture/http_headers.h"
#include "capture/http_te_and_length.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

struct HeaderName {
  FieldId id;
  std::string_view name;  // lower case
};
constexpr std::array kHeaders{
    HeaderName{kHttpUserAgent, "user-agent"},
    HeaderName{kHttpHost, "host"},
    HeaderName{kHttpServer, "server"},
    HeaderName{kHttpContentType, "content-type"},
    HeaderName{kHttpConnection, "connection"},
    HeaderName{kHttpContentLength, "content-length"},
    HeaderName{kHttpContentLengthHeader, "content-length"},
    HeaderName{kHttpSetCookie, "set-cookie"},
    HeaderName{kHttpCookie, "cookie"},
    HeaderName{kHttpDate, "date"},
    HeaderName{kHttpLastModified, "last-modified"},
    HeaderName{kHttpAuthorization, "authorization"},
    HeaderName{kHttpWwwAuthenticate, "www-authenticate"},
    HeaderName{kHttpProxyAuthenticate, "proxy-authenticate"},
    HeaderName{kHttpProxyAuthorization, "proxy-authorization"},
    HeaderName{kHttpLocation, "location"},
    HeaderName{kHttpXForwardedFor, "x-forwarded-for"},
    HeaderName{kHttpCacheControl, "cache-control"},
    HeaderName{kHttpAccept, "accept"},
    HeaderName{kHttpAcceptLanguage, "accept-language"},
    HeaderName{kHttpAcceptEncoding, "accept-encoding"},
    HeaderName{kHttpReferer, "referer"},
    HeaderName{kHttpTransferEncoding, "transfer-encoding"},
    HeaderName{kHttpUpgrade, "upgrade"},
    HeaderName{kHttpContentEncoding, "content-encoding"},
};

std::string_view message_text(const Packet& p) {
  return {reinterpret_cast<const char*>(p.http_message.data()), p.http_message.size()};
}

bool is_response(std::string_view text) {
  return text.substr(0, 5) == "HTTP/";
}

int put_s(Value* out, int n, int cap, std::string_view s) {
  if (n < cap) out[n].s = s;
  return n + 1;
}

}  // namespace

int http_header_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  // A Continuation's header lines are HTTP's headers too (it has no first line and no
  // links; its body's layer is by the Content-Type among them).
  const bool continuation = p.http == Packet::HttpPart::kContinuation;
  if (!has_http_layer(p) && !continuation) return 0;
  const bool body_layer = id == kDataTextLines || id == kUrlencodedForm;
  if (continuation && !body_layer &&
      (http_continuation_is_binary(as_text(http_continuation_pdu(p))) || id == kHttpRequestLine ||
       id == kHttpResponseLine))
    return 0;
  const Packet::HttpLinks& links = p.http_links;
  const auto frame = [out](std::uint32_t f) {
    out[0].u = f;
    return f != 0 ? 1 : 0;
  };
  switch (id) {
    case kHttpRequestIn:
      return frame(links.request_in);
    case kHttpPrevRequestIn:
      return frame(links.prev_request_in);
    case kHttpPrevResponseIn:
      return frame(links.prev_response_in);
    case kHttpResponseIn:  // a single pass never knows it
      return 0;
    case kDataTextLines:
    case kUrlencodedForm: {  // the body's layer (present: one occurrence)
      const char* layer =
          continuation ? http_continuation_layer(p) : http_body_layer(p.http_message);
      out[0].u = 1;
      return layer != nullptr && std::string_view(layer) ==
                                     (id == kDataTextLines ? "data-text-lines" : "urlencoded-form")
                 ? 1
                 : 0;
    }
    case kHttpTime:
      if (links.request_in == 0) return 0;
      out[0].u = static_cast<std::uint64_t>(links.time.sec);
      out[0].d = links.time.nsec;
      return 1;
    case kHttpResponseForUri:
      if (!links.has_response_for_uri) return 0;
      out[0].s = links.response_for_uri;
      return 1;
    default:
      break;
  }
  const std::string_view text = message_text(p);
  int n = 0;
  const auto each_header = [&](auto each) {
    if (continuation)
      for_each_http_header_from(text, 0, each);
    else
      for_each_http_header(text, each);
  };
  if (id == kHttpRequestLine || id == kHttpResponseLine) {
    if (is_response(text) != (id == kHttpResponseLine)) return 0;
    for_each_http_header(text, [&](std::string_view line, std::string_view, std::string_view) {
      n = put_s(out, n, cap, line);
    });
    return n;
  }
  std::string_view name;
  for (const HeaderName& h : kHeaders)
    if (h.id == id) name = h.name;
  each_header([&](std::string_view, std::string_view header, std::string_view value) {
    if (!http_header_is(header, name)) return;
    if (id != kHttpContentLength) {
      n = put_s(out, n, cap, value);
      return;
    }
    // not a number as Wireshark reads one: the header only
    std::uint64_t v = 0;
    if (!http_content_length(value, v)) return;
    if (n < cap) out[n].u = v;
    ++n;
  });
  return n;
}

bool http_last_host(const Packet& p, std::string_view& host) {
  return capture::http_last_host(message_text(p), host);
}

}  // namespace sockscope::capture::filter
