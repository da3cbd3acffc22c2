#include "lab/lab_capture_answers.h"

#include "capture/display_filter.h"
#include "capture/flow.h"
#include "capture/follow.h"
#include "capture/packet_stream.h"
#include "capture/summary.h"
#include "fmt/format.h"
#include "message/protocol.h"

namespace sockscope::lab {
namespace {

// The file's name as the commands shown would use it (they run in the lab's directory).
std::string file_name(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

}  // namespace

bool follow_udp_stream(const std::string& path, std::uint16_t port, Transcript& t) {
  std::int64_t n = first_stream(path, fmt::format("udp.port == {}", port));
  if (n < 0) {
    t.failed(fmt::format("no UDP packet to or from port {} was captured", port));
    return false;
  }
  capture::FollowRequest request;
  request.tcp = false;
  request.stream = n;
  capture::FollowResult r = capture::follow_stream(path, request);
  t.line(fmt::format("$ sockscope follow {} --udp {}      (Wireshark: Follow > UDP Stream)",
                     file_name(path), n));
  show_lines(t, r.text, "  ");
  bool both = r.text.find("hello from the udp client") != std::string::npos &&
              r.text.find("HELLO FROM THE UDP CLIENT") != std::string::npos;
  if (!r.found || !both) {
    t.failed("the UDP stream does not hold the message and its upper-case reply");
    return false;
  }
  t.line(fmt::format("the UDP stream: the client's {} bytes, then the server's {} bytes back",
                     r.bytes[0], r.bytes[1]));
  return true;
}

bool filter_tcp_between_hosts(const std::string& path, const std::string& host, Transcript& t) {
  std::string text = fmt::format("ip.addr == {} && tcp", host);
  capture::DisplayFilter filter = capture::DisplayFilter::compile(text);
  capture::DisplayFilter tcp = capture::DisplayFilter::compile("tcp");
  capture::DisplayFilter communicator =
      capture::DisplayFilter::compile(fmt::format("tcp.port == {}", message::kDefaultPort));
  capture::PacketStream stream(path);
  capture::Packet p;
  std::size_t total = 0, matched = 0, tcp_packets = 0;
  std::string lines;
  while (stream.next(p)) {
    ++total;
    bool is_tcp = tcp.matches(p);
    tcp_packets += is_tcp ? 1 : 0;
    if (!filter.matches(p)) continue;
    ++matched;
    if (communicator.matches(p)) {
      capture::SummaryOptions options;
      options.time_digits = stream.time_digits();
      capture::append_summary(lines, p, options);
    }
  }
  t.line(fmt::format("$ sockscope read {} -Y '{}'", file_name(path), text));
  t.line(
      fmt::format("{} of {} packets match: every TCP packet to or from {}; the other {} "
                  "(UDP) are left out",
                  matched, total, host, total - matched));
  t.line(fmt::format("the communicator's conversation among them (tcp.port == {}):",
                     message::kDefaultPort));
  show_lines(t, lines, "  ");
  if (matched == 0 || matched != tcp_packets || lines.empty()) {
    t.failed("expected the filter to match exactly the TCP packets, the communicator's among them");
    return false;
  }
  return true;
}

bool flow_graph_absolute(const std::string& path, Transcript& t) {
  return flow_graph_absolute(path, message::kDefaultPort, t);
}

bool flow_graph_absolute(const std::string& path, std::uint16_t port, Transcript& t) {
  capture::FlowOptions options;
  options.filter = fmt::format("tcp.port == {}", port);
  if (port != message::kDefaultPort) {
    // Lab 004 asks about the first connection only: its stream, not every chat client's.
    std::int64_t first = first_stream(path, options.filter);
    if (first >= 0) options.filter = fmt::format("tcp.stream == {}", first);
  }
  options.absolute = true;
  capture::FlowGraph graph = capture::build_flow(path, options);
  std::string text;
  capture::append_flow_text(text, graph);
  t.line(
      fmt::format("$ sockscope flow {} -Y '{}' --absolute-seq", file_name(path), options.filter));
  show_lines(t, text, "  ");
  const capture::FlowEvent* syn = nullptr;
  const capture::FlowEvent* syn_ack = nullptr;
  for (const auto& e : graph.events) {
    bool is_syn = (e.flags & capture::kSyn) != 0;
    bool is_ack = (e.flags & capture::kAck) != 0;
    if (is_syn && !is_ack && syn == nullptr) syn = &e;
    if (is_syn && is_ack && syn != nullptr && syn_ack == nullptr) syn_ack = &e;
  }
  if (syn == nullptr || syn_ack == nullptr) {
    t.failed(fmt::format("no SYN and SYN-ACK of a connection on port {} in the flow graph", port));
    return false;
  }
  t.line(fmt::format("SYN sequence number: {}", syn->seq));
  t.line(
      fmt::format("SYN-ACK sequence number: {} (the server's own initial number)", syn_ack->seq));
  t.line(fmt::format("SYN-ACK acknowledgement number: {} = {} + 1 (the SYN counts as one byte)",
                     syn_ack->ack, syn->seq));
  if (port != message::kDefaultPort) {
    t.line(fmt::format("SYN_sequence_number = {}", syn->seq));
    t.line(fmt::format("SYNACK_sequence_number = {}", syn_ack->seq));
    t.line(fmt::format("SYNACK_ACKnowledgement_number = {}", syn_ack->ack));
  }
  if (syn_ack->ack != syn->seq + 1) {
    t.failed("the SYN-ACK does not acknowledge the SYN's sequence number + 1");
    return false;
  }
  return true;
}

namespace {

// A step that needs the capture: without one (no capture privilege), it says so and
// passes, as the capture steps do.
Step with_capture(std::string name, std::function<bool(LabState&, Transcript&)> run) {
  return {std::move(name), [run = std::move(run)](LabState& s, Transcript& t) {
            if (s.capture_path.empty()) {
              t.line("(no capture was running)");
              return true;
            }
            return run(s, t);
          }};
}

}  // namespace

std::int64_t first_stream(const std::string& path, const std::string& filter) {
  capture::PacketStream stream(path);
  capture::DisplayFilter compiled = capture::DisplayFilter::compile(filter);
  capture::Packet p;
  while (stream.next(p)) {
    if (compiled.matches(p)) return p.stream;
  }
  return -1;
}

std::vector<Step> capture_answer_steps() {
  return {
      with_capture("Follow the UDP client's stream (lab 000, question 2)",
                   [](LabState& s, Transcript& t) {
                     return follow_udp_stream(s.capture_path, s.udp_server->local().port(), t);
                   }),
      with_capture("Filter: TCP between the lab's hosts (lab 002, task 2)",
                   [](LabState& s, Transcript& t) {
                     return filter_tcp_between_hosts(s.capture_path, s.host.address_string(), t);
                   }),
      with_capture(
          "Flow graph with absolute sequence numbers (lab 004, 4.1)",
          [](LabState& s, Transcript& t) { return flow_graph_absolute(s.capture_path, t); }),
  };
}

}  // namespace sockscope::lab
