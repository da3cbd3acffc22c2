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

std::string report_line(const SendReport& report, Duration timeout) {
  std::string line = outcome_line(report);
  // "Interrupted. Message not sent." already says why.
  if (report.delivered() || report.outcome == net::Outcome::kInterrupted) return line;
  if (report.outcome == net::Outcome::kTimeout && !report.written) {
    std::string seconds = format_seconds(timeout);
    return line + " (After timeout of " + seconds + (seconds == "1" ? " second.)" : " seconds.)");
  }
  return report.reason.empty() ? line : line + " (" + report.reason + ")";
}

std::vector<std::string> received_lines(const Received& received) {
  std::vector<std::string> lines{connected_line(received.peer)};
  switch (received.outcome) {
    case net::Outcome::kOk:
      lines.emplace_back("Message:");
      lines.push_back(printable_text(received.text));
      if (received.dropped_bytes > 0) {
        lines.push_back(fmt::format("(cut at {} characters; the rest was dropped)", kMaxChars));
      }
      lines.emplace_back("End of message.");
      return lines;
    case net::Outcome::kClosed:
      lines.emplace_back("The sender closed without a message.");
      return lines;
    case net::Outcome::kInterrupted:
      lines.emplace_back("Interrupted.");
      return lines;
    default:
      break;
  }
  if (received.how == Completion::kSilent) {
    lines.emplace_back("No message: the sender connected but sent nothing.");
  } else if (received.how == Completion::kTooSlow) {
    lines.emplace_back("No message: the sender did not finish it in time (no receipt sent).");
  } else {
    lines.push_back(std::string("No message: the receipt could not be sent (") +
                    net::outcome_word(received.outcome) + "), so it is not shown.");
  }
  return lines;
}

std::string printable_text(std::string_view text) {
  return printable_utf8(text, LineBreaks::kKeep);
}

}  // namespace sockscope::message
