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
