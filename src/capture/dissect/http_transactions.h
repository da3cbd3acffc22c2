// Public. HTTP requests matched to their responses on each TCP connection, as Wireshark
// 4.0's single pass links them (http.request_in, http.time, http.response_for.uri,
// http.prev_request_in, http.prev_response_in): a response answers the oldest request
// of its connection not yet answered. A request never knows its response in one pass
// (http.response_in is never shown).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "capture/packet.h"

namespace sockscope::capture {

class HttpTransactions {
 public:
  // After the HTTP reassembler: fills p.http_links for a packet with an http layer.
  void add(Packet& p);

 private:
  struct Request {
    std::uint32_t frame = 0;
    Timestamp ts;
    std::string full_uri;  // "http://" host URI; empty without a Host header
  };
  struct Connection {
    std::deque<Request> waiting;  // requests not answered yet, oldest first
    std::uint32_t last_request = 0, last_response = 0;
    std::uint32_t answered_request_before = 0;  // the request before the last one answered
  };
  // A flood of requests without responses is bounded: the oldest are forgotten.
  static constexpr std::size_t kMaxWaiting = 1024;
  std::unordered_map<std::int32_t, Connection> connections_;
  std::string uri_;  // the answered request's URI, for p.http_links.response_for_uri
};

}  // namespace sockscope::capture
