#include "message/transcript.h"

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
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto u = static_cast<unsigned char>(text[i]);
    std::size_t width = u < 0x80           ? 1
                        : (u >> 5) == 0x6  ? 2
                        : (u >> 4) == 0xe  ? 3
                        : (u >> 3) == 0x1e ? 4
                                           : 0;
    bool valid = width > 0 && i + width <= text.size();
    for (std::size_t k = 1; valid && k < width; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    }
    bool control = width == 1 && ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7f);
    // C1 controls (U+0080..U+009F, e.g. the one-byte CSI) drive terminals too.
    if (valid && width == 2 && u == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
      control = true;
    }
    if (!valid || control) {
      out += fmt::format("\\x{:02x}", u);
      ++i;
      continue;
    }
    out.append(text.substr(i, width));
    i += width;
  }
  return out;
}

}  // namespace sockscope::message
