#include "serve/server_lines.h"

#include "core/text.h"

namespace sockscope::serve {
namespace {

// The Python scripts print f"{address[0]}:{address[1]}", brackets or not.
std::string peer_text(const net::Endpoint& peer) {
  return peer.address_string() + ":" + std::to_string(peer.port());
}

}  // namespace

std::string listening_lines(const net::Endpoint& local) {
  return "serverIP: " + local.address_string() + "\nserverPort: " + std::to_string(local.port());
}

std::string accepted_line(const net::Endpoint& peer) {
  return "[*] Accepted connection from " + peer_text(peer);
}

std::string received_line(const net::Endpoint& peer, std::string_view bytes, bool tcp) {
  std::size_t shown = bytes.size();
  if (shown > kLoggedBytes) {
    shown = kLoggedBytes;
    // Back up to the start of the character the cut falls in (at most 3 bytes).
    for (std::size_t i = 0; i < 3 && shown > 0 && utf8_is_continuation(bytes[shown]); ++i) --shown;
  }
  std::string text = printable_utf8(bytes.substr(0, shown), LineBreaks::kEscape);
  if (shown < bytes.size()) {
    text += " (\u2026 " + std::to_string(bytes.size() - shown) + " more bytes)";
  }
  if (tcp) return "[*] Received: " + text;
  return "[*] Received from " + peer_text(peer) + ": " + text;
}

std::string overflow_line(const net::Endpoint& peer, std::string_view reason) {
  return "[*] Closed connection from " + peer_text(peer) + ": its replies are not read (" +
         std::string(reason) + ")";
}

std::string idle_closed_line(const net::Endpoint& peer, Duration silent) {
  return "[*] Closed idle connection from " + peer_text(peer) + " (silent for " +
         format_seconds(silent) + " s)";
}

}  // namespace sockscope::serve
