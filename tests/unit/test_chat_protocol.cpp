#include "chat/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace sockscope::chat {
namespace {

FrameError error_of(std::string_view line) {
  auto parsed = parse_client_frame(line);
  EXPECT_TRUE(std::holds_alternative<FrameError>(parsed)) << line;
  return std::holds_alternative<FrameError>(parsed) ? std::get<FrameError>(parsed) : FrameError{};
}

ClientFrame frame_of(std::string_view line) {
  auto parsed = parse_client_frame(line);
  EXPECT_TRUE(std::holds_alternative<ClientFrame>(parsed)) << line;
  return std::holds_alternative<ClientFrame>(parsed) ? std::get<ClientFrame>(parsed)
                                                     : ClientFrame{ByeFrame{}};
}

TEST(ChatProtocol, ParsesEveryClientFrame) {
  auto reg = std::get<RegisterFrame>(
      frame_of(R"({"type":"register","user":"alice","password":"secret12","udp_port":5001})"));
  EXPECT_EQ(reg.user, "alice");
  EXPECT_EQ(reg.password, "secret12");
  EXPECT_EQ(reg.udp_port, 5001);
  auto login = std::get<LoginFrame>(frame_of(R"({"type":"login","user":"bob"})"));
  EXPECT_EQ(login.user, "bob");
  EXPECT_FALSE(login.password.has_value());
  EXPECT_EQ(login.udp_port, 0);
  EXPECT_EQ(std::get<SayFrame>(frame_of(R"({"type":"say","text":"hi there"})")).text, "hi there");
  EXPECT_TRUE(std::holds_alternative<ByeFrame>(frame_of(R"({"type":"bye"})")));
}

TEST(ChatProtocol, EncodedClientFramesParseBack) {
  auto login = std::get<LoginFrame>(frame_of(encode_login("carol", std::string("p\"w\\d 12"), 7)));
  EXPECT_EQ(login.user, "carol");
  EXPECT_EQ(login.password, "p\"w\\d 12");
  EXPECT_EQ(login.udp_port, 7);
  std::string say = encode_say("line\nbreak");
  EXPECT_EQ(say.find('\n'), say.size() - 1);  // one frame is one line, whatever the text
  EXPECT_EQ(std::get<SayFrame>(frame_of(say.substr(0, say.size() - 1))).text, "line\nbreak");
}

TEST(ChatProtocol, NamesTheErrorOfEachMalformedFrame) {
  EXPECT_EQ(error_of("not json").code, code::kBadJson);
  EXPECT_EQ(error_of("[1,2]").code, code::kBadJson);
  EXPECT_EQ(error_of("{\"type\":\"say\",\"text\":\"\xff\"}").code, code::kBadJson);  // not UTF-8
  EXPECT_EQ(error_of(R"({"text":"x"})").code, code::kUnknownType);
  EXPECT_EQ(error_of(R"({"type":"shout","text":"x"})").code, code::kUnknownType);
  EXPECT_EQ(error_of(R"({"type":42})").code, code::kUnknownType);
  EXPECT_EQ(error_of(R"({"type":"say"})").code, code::kBadField);
  EXPECT_EQ(error_of(R"({"type":"say","text":""})").code, code::kBadField);
  EXPECT_EQ(error_of(R"({"type":"say","text":5})").code, code::kBadField);
  EXPECT_EQ(error_of(R"({"type":"login","user":"a","udp_port":70000})").code, code::kBadField);
  EXPECT_EQ(error_of(R"({"type":"login","user":"a","udp_port":-1})").code, code::kBadField);
  EXPECT_EQ(error_of(R"({"type":"register","user":"a"})").code, code::kBadField);
  std::string long_text(kMaxTextBytes + 1, 'x');
  EXPECT_EQ(error_of(R"({"type":"say","text":")" + long_text + "\"}").code, code::kBadField);
}

TEST(ChatProtocol, UsernameRules) {
  EXPECT_EQ(username_problem("alice"), "");
  EXPECT_EQ(username_problem("a.b-c_9"), "");
  EXPECT_EQ(username_problem(std::string(32, 'a')), "");
  EXPECT_NE(username_problem(""), "");
  EXPECT_NE(username_problem(std::string(33, 'a')), "");
  EXPECT_NE(username_problem("_alice"), "");
  EXPECT_NE(username_problem("al ice"), "");
  EXPECT_NE(username_problem("alice:"), "");
  EXPECT_NE(username_problem("ålice"), "");
}

TEST(ChatProtocol, PasswordRules) {
  EXPECT_EQ(password_problem("12345678"), "");
  EXPECT_NE(password_problem("1234567"), "");
  EXPECT_NE(password_problem(std::string(kMaxPasswordBytes + 1, 'x')), "");
  EXPECT_NE(password_problem(std::string("abcd\0efgh", 9)), "");
}

TEST(ChatProtocol, ServerFramesAreOneJsonLineEach) {
  RoomMessage m{"alice", "hello\nthere", 1700000000000, 7};
  for (const std::string& frame :
       {encode_ok("login", "alice"), encode_error(code::kBusy, "later"),
        encode_presence_full({{"alice", "192.0.2.1", 5000}, {"bob", "192.0.2.2", 0}}),
        encode_presence_join({"carol", "192.0.2.3", 5001}), encode_presence_leave("carol"),
        encode_message(m), encode_history({m, m}), encode_bye("replaced", "elsewhere"),
        encode_say("\xff bad utf8")}) {
    ASSERT_FALSE(frame.empty());
    EXPECT_EQ(frame.find('\n'), frame.size() - 1) << frame;
    EXPECT_FALSE(nlohmann::json::parse(frame, nullptr, false).is_discarded()) << frame;
  }
  auto j = nlohmann::json::parse(encode_message(m));
  EXPECT_EQ(j["type"], "message");
  EXPECT_EQ(j["from"], "alice");
  EXPECT_EQ(j["text"], "hello\nthere");
  EXPECT_EQ(j["time"], 1700000000000);
  EXPECT_EQ(j["seq"], 7);
  auto p = nlohmann::json::parse(encode_presence_full({{"alice", "192.0.2.1", 5000}}));
  EXPECT_EQ(p["event"], "full");
  EXPECT_EQ(p["users"][0]["address"], "192.0.2.1");
  EXPECT_EQ(p["users"][0]["udp_port"], 5000);
}

}  // namespace
}  // namespace sockscope::chat

namespace sockscope::chat {
namespace {

TEST(ChatProtocolCached, FullPresenceFromEncodedEntriesIsTheSameFrame) {
  std::vector<PresenceEntry> users{{"alice", "192.0.2.1", 5000}, {"bob", "192.0.2.2", 0}};
  std::vector<std::string> encoded;
  for (const auto& u : users) encoded.push_back(encode_presence_entry(u));
  std::vector<std::string_view> views(encoded.begin(), encoded.end());
  EXPECT_EQ(encode_presence_full_encoded(views), encode_presence_full(users));
  EXPECT_EQ(encode_presence_full_encoded({}), encode_presence_full({}));
}

}  // namespace
}  // namespace sockscope::chat
