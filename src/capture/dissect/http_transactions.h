// Public. HTTP requests matched to their responses on each TCP connection, as Wireshark
// 4.0's single pass links them (http.request_in, http.time, http.response_for.uri,
// http.prev_request_in, http.prev_response_in). Wireshark keeps a list of pairs per
// connection (http_req_res_t): a request opens a pair; a response completes the last
// pair when that has no response yet, else opens a pair of its own (its request was not
// seen). So with pipelined requests a response answers the latest request, not the
// oldest. A request never knows its response in one pass (http.response_in is never
// shown). A message HTTP gave up on at a header line the snap length cut
// (Packet::http_cut_in_header) joins no pair.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "capture/packet.h"

namespace sockscope::capture {

class HttpTransactions {
 public:
  // After the HTTP reassembler: fills p.http_links for a packet with an http layer.
  void add(Packet& p);

  // What Wireshark 4.0 keeps of the requests read so far on a connection (its
  // conv_data): whether one was (have_seen_http: data on the connection that starts no
  // message is then HTTP's "Continuation") and the latest one's method (a response to
  // HEAD, or a 2xx to CONNECT, has no body). For the reassembler, before this frame's add.
  bool seen_request(std::int32_t stream) const;
  std::string_view request_method(std::int32_t stream) const;

 private:
  struct Pair {
    std::uint32_t request = 0, response = 0;  // frames, 0 for none
    Timestamp request_ts;
  };
  struct Connection {
    Pair last, before_last;  // the latest pair and the one before it
    // http.response_for.uri is the connection's latest full URI (of a request dissected
    // to its end, with a Host), else its latest request line's URI (of any request, even
    // one HTTP then gave up on): Wireshark keeps both per connection, not per pair.
    bool has_full_uri = false, has_request_uri = false;
    std::string full_uri, request_uri, request_method;
  };
  std::unordered_map<std::int32_t, Connection> connections_;
  std::string uri_;  // the response's URI, for p.http_links.response_for_uri
};

}  // namespace sockscope::capture
