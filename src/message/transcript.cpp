#include "message/transcript.h"

#include "core/text.h"
#include "fmt/format.h"

namespace sockscope::message {

std::string waiting_line(std::uint16_t port) {
  return "Waiting for message on port " + std::to_string(port);
}

std::string connected_line(const net::Endpoint& peer) {
  return "Connected by (" + peer.address_string() + ")";
}

std::vector<std::string> received_lines(const Received& received) {
  switch (received.status) {
    case ReceiveStatus::kEmpty:
      return {"The sender closed without a message."};
    case ReceiveStatus::kSilent:
      return {"No message: the sender connected but sent nothing."};
    case ReceiveStatus::kInterrupted:
      return {"Interrupted."};
    case ReceiveStatus::kReceived:
      break;
  }
  std::vector<std::string> lines{"Message:", printable_text(received.text)};
  if (received.dropped_bytes > 0) {
    lines.push_back(fmt::format("(cut at {} characters; the rest was dropped)", kMaxChars));
  }
  lines.emplace_back("End of message.");
  return lines;
}

std::string printable_text(std::string_view text) {
  return printable_utf8(text, LineBreaks::kKeep);
}

}  // namespace sockscope::message
