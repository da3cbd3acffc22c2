#include "serve/server_lines.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace sockscope::serve {
namespace {

net::Endpoint v4(const char* text, std::uint16_t port) {
  return *net::parse_ip_literal(text, port);
}

TEST(ServerLines, TheLabScriptsWords) {
  EXPECT_EQ(listening_lines(v4("0.0.0.0", 12000)), "serverIP: 0.0.0.0\nserverPort: 12000");
  EXPECT_EQ(accepted_line(v4("192.0.2.1", 40000)), "[*] Accepted connection from 192.0.2.1:40000");
  EXPECT_EQ(received_line(v4("192.0.2.1", 40000), "hi\x1b[2J", true), "[*] Received: hi\\x1b[2J");
  EXPECT_EQ(received_line(v4("192.0.2.1", 40000), "caf\xc3\xa9\n", true),
            "[*] Received: caf\xc3\xa9\\n");  // UTF-8 shown as text, like decode('utf-8')
  EXPECT_EQ(received_line(v4("192.0.2.1", 40000), "hi", false),
            "[*] Received from 192.0.2.1:40000: hi");
  EXPECT_EQ(idle_closed_line(v4("192.0.2.1", 5), std::chrono::milliseconds(1500)),
            "[*] Closed idle connection from 192.0.2.1:5 (silent for 1.5 s)");
}

TEST(ServerLines, Ipv6PeersPrintLikePython) {
  EXPECT_EQ(accepted_line(v4("::1", 80)), "[*] Accepted connection from ::1:80");
}

}  // namespace
}  // namespace sockscope::serve

namespace sockscope::serve {
namespace {

TEST(ServerLines, ALongMessageShowsItsStartAndHowMuchMore) {
  net::Endpoint peer = *net::parse_ip_literal("192.0.2.1", 5);
  std::string message(kLoggedBytes + 1000, 'a');
  EXPECT_EQ(received_line(peer, message, true),
            "[*] Received: " + std::string(kLoggedBytes, 'a') + " (\u2026 1000 more bytes)");
  // The cut never splits a character: "é" straddling the limit moves after it.
  std::string accented = std::string(kLoggedBytes - 1, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(received_line(peer, accented, true),
            "[*] Received: " + std::string(kLoggedBytes - 1, 'a') + " (\u2026 6 more bytes)");
  EXPECT_EQ(received_line(peer, std::string(kLoggedBytes, 'b'), true),
            "[*] Received: " + std::string(kLoggedBytes, 'b'));
}

TEST(ServerLines, Overflow) {
  EXPECT_EQ(overflow_line(*net::parse_ip_literal("192.0.2.1", 5), "output queue full for 5 s"),
            "[*] Closed connection from 192.0.2.1:5: its replies are not read (output queue "
            "full for 5 s)");
}

}  // namespace
}  // namespace sockscope::serve
