// Communicator input checks (message/input.h) and the terminal-safe text of
// message/transcript.h.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <string>

#include "message/input.h"
#include "message/transcript.h"
#include "net/address.h"

namespace sockscope::message {
namespace {

std::string dotted(const in_addr& a) {
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, buf, sizeof(buf));
  return buf;
}

TEST(MenuOption, OnlyZeroOneTwo) {
  EXPECT_EQ(parse_menu_option("0"), MenuOption::kExit);
  EXPECT_EQ(parse_menu_option("1"), MenuOption::kSend);
  EXPECT_EQ(parse_menu_option(" 2 \r"), MenuOption::kReceive);
  for (const char* bad : {"", "exit", "3", "-1", "01", "1.0", "one", "12", "0x1"}) {
    EXPECT_FALSE(parse_menu_option(bad).has_value()) << bad;
  }
}

TEST(MessageText, UpTo4096CharactersIsFine) {
  EXPECT_EQ(message_error("Would you like green eggs and ham?"), "");
  EXPECT_EQ(message_error(std::string(4096, 'a')), "");
  // 4096 two-byte characters: 8192 bytes, still 4096 characters.
  std::string accented;
  for (int i = 0; i < 4096; ++i) accented += "\xc3\xa9";
  EXPECT_EQ(message_error(accented), "");
}

TEST(MessageText, LongerOrEmptyIsAnError) {
  EXPECT_EQ(message_error(std::string(4097, 'a')),
            "Error, the message is longer than 4096 characters");
  EXPECT_EQ(message_error(""), "Error, the message is empty");
  EXPECT_NE(message_error("abc", 2), "");
}

TEST(Recipient, DottedQuadOnly) {
  EXPECT_EQ(dotted(*parse_recipient("192.168.1.52")), "192.168.1.52");
  EXPECT_EQ(dotted(*parse_recipient(" 192.0.2.1 ")), "192.0.2.1");
  for (const char* bad :
       {"192.168.sam", "192.168.2", "192.168.1.256", "192.168.1.52.1", "", "localhost", "1.2.3.",
        ".1.2.3", "1..2.3", "01.2.3.4", "1.2.3.-4", "::1", "192.168.1.5 2", "0x7f.0.0.1"}) {
    EXPECT_FALSE(parse_recipient(bad).has_value()) << bad;
  }
}

TEST(PrintableText, KeepsUtf8AndNewlinesEscapesControls) {
  EXPECT_EQ(printable_text("h\xc3\xa9llo\nworld\t!"), "h\xc3\xa9llo\nworld\t!");
  EXPECT_EQ(printable_text("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(printable_text("bad \xff byte"), "bad \\xff byte");
  EXPECT_EQ(printable_text("cut \xe2\x82"), "cut \\xe2\\x82");
  EXPECT_EQ(printable_text("c1 \xc2\x9b"), "c1 \\xc2\\x9b");
  EXPECT_EQ(printable_text("\r\x7f"), "\\x0d\\x7f");
}

TEST(ReceivedLines, TheLabsLines) {
  Received r;
  r.peer = *net::parse_ip_literal("192.168.1.20", 40000);
  r.outcome = net::Outcome::kOk;
  r.how = Completion::kEndOfStream;
  r.text = "I do not like green eggs and ham.";
  std::vector<std::string> want{"Connected by (192.168.1.20)",
                                "Message:", "I do not like green eggs and ham.", "End of message."};
  EXPECT_EQ(received_lines(r), want);
  r.dropped_bytes = 10;
  EXPECT_EQ(received_lines(r).size(), 5u);
  r.outcome = net::Outcome::kTimeout;
  r.how = Completion::kSilent;
  EXPECT_EQ(received_lines(r).size(), 2u);
  EXPECT_EQ(waiting_line(65432), "Waiting for message on port 65432");
}

TEST(ReceivedLines, AMessageWhoseReceiptFailedIsNotShown) {
  Received r;
  r.peer = *net::parse_ip_literal("192.0.2.1", 40000);
  r.outcome = net::Outcome::kReset;
  r.how = Completion::kQuietGap;
  r.text = "secret";
  for (const auto& line : received_lines(r)) {
    EXPECT_EQ(line.find("secret"), std::string::npos) << line;
    EXPECT_NE(line, "Message:");
  }
}

TEST(Recipient, TheHandoutsTwoErrorLines) {
  EXPECT_EQ(recipient_error("192.168.1.52"), "");
  EXPECT_EQ(recipient_error(" 10.0.0.1 "), "");
  EXPECT_EQ(recipient_error("192.168.sam"), "Error not a valid IPv4 Address:");
  EXPECT_EQ(recipient_error("192.168.2"), "Error not a valid IPv4:");
  EXPECT_EQ(recipient_error("1.2.3.4.5"), "Error not a valid IPv4:");
  EXPECT_EQ(recipient_error("192.168.1.300"), "Error not a valid IPv4 Address:");
  EXPECT_EQ(recipient_error("1..2.3"), "Error not a valid IPv4 Address:");
  EXPECT_EQ(recipient_error(""), "Error not a valid IPv4 Address:");
}

TEST(ReportLine, TheHandoutsUnsuccessfulInteraction) {
  SendReport r;
  r.outcome = net::Outcome::kTimeout;
  r.reason = "no answer within 30 s";
  EXPECT_EQ(report_line(r, std::chrono::seconds(30)),
            "Message sending error. Message not sent. (After timeout of 30 seconds.)");
  r.outcome = net::Outcome::kRefused;
  r.reason = "connection refused";
  EXPECT_EQ(report_line(r, std::chrono::seconds(30)),
            "Message sending error. Message not sent. (connection refused)");
  r.outcome = net::Outcome::kOk;
  EXPECT_EQ(report_line(r, std::chrono::seconds(30)), "Message sent successfully.");
  r.outcome = net::Outcome::kTimeout;
  r.written = true;
  r.reason = "no receipt within 30 s";
  EXPECT_EQ(report_line(r, std::chrono::seconds(30)),
            "Message receipt failed. (no receipt within 30 s)");
}

}  // namespace
}  // namespace sockscope::message
