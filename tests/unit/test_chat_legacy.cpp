#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chat/legacy_protocol.h"

namespace sockscope::chat {
namespace {

TEST(ChatLegacy, PresenceIsPythonJsonDumps) {
  // Expected text made by python3: '!' + json.dumps({...}) with the same dict.
  LegacyUsers users = {{"alice", "127.0.0.2"},
                       {"b\xc3\xb8"
                        "b",
                        "10.0.0.1"},
                       {"q\"x\\y", "1.2.3.4"},
                       {"\xf0\x9f\x98\x80\t", "::1"},
                       {"del\x7f", "x"}};
  EXPECT_EQ(encode_legacy_presence(users),
            R"(!{"alice": "127.0.0.2", "b\u00f8b": "10.0.0.1", "q\"x\\y": "1.2.3.4", )"
            R"("\ud83d\ude00\t": "::1", "del\u007f": "x"})");
  EXPECT_EQ(encode_legacy_presence({}), "!{}");
}

TEST(ChatLegacy, RelayHasTheLabsTrailingSpace) {
  EXPECT_EQ(encode_legacy_relay("alice", "hello"), "alice: hello ");
}

TEST(ChatLegacy, CutKeepsUtf8Whole) {
  std::string text = std::string(1022, 'a') + "\xe2\x82\xac" + "b";  // a euro sign at 1022
  EXPECT_EQ(legacy_cut(text, 1024), 1022u);
  EXPECT_EQ(legacy_cut("abc", 1024), 3u);
  EXPECT_EQ(legacy_cut("ab\xe2\x82", 1024), 2u);  // a character cut by the read: wait
  EXPECT_EQ(legacy_cut("\xe2", 1024), 0u);
  EXPECT_EQ(legacy_cut("ab\xff", 1024), 3u);  // malformed: passed on, not waited for
  EXPECT_EQ(legacy_cut(std::string(3000, 'x'), 1024), 1024u);
}

TEST(ChatLegacy, NameRules) {
  EXPECT_EQ(legacy_name_problem("alice"), "");
  EXPECT_EQ(legacy_name_problem("J\xc3\xb8rn Berg"), "");
  EXPECT_NE(legacy_name_problem(""), "");
  EXPECT_NE(legacy_name_problem("!evil"), "");
  EXPECT_NE(legacy_name_problem("a\nb"), "");
  EXPECT_NE(legacy_name_problem(" padded"), "");
  EXPECT_NE(legacy_name_problem("\xff"), "");
  EXPECT_NE(legacy_name_problem(std::string(65, 'n')), "");
}

struct Seen {
  std::vector<LegacyUsers> presence;
  std::vector<std::string> text;
};

void feed_all(LegacyReader& reader, const std::vector<std::string>& reads, Seen& seen) {
  for (const auto& r : reads) {
    reader.feed(
        r, [&](LegacyUsers u) { seen.presence.push_back(std::move(u)); },
        [&](std::string_view t) { seen.text.emplace_back(t); });
  }
}

TEST(ChatLegacy, ReaderKeepsJoinOrder) {
  LegacyReader reader;
  Seen seen;
  feed_all(reader, {R"(!{"zed": "192.0.2.9", "amy": "192.0.2.1"})"}, seen);
  ASSERT_EQ(seen.presence.size(), 1u);
  EXPECT_EQ(seen.presence[0][0].first, "zed");
  EXPECT_EQ(seen.presence[0][1].second, "192.0.2.1");
  EXPECT_TRUE(seen.text.empty());
}

TEST(ChatLegacy, ReaderSplitsPresenceGluedToText) {
  LegacyReader reader;
  Seen seen;
  feed_all(reader, {R"(!{"a": "1.2.3.4"}!{"a": "1.2.3.4", "b": "1.2.3.5"}b: hi )"}, seen);
  ASSERT_EQ(seen.presence.size(), 2u);
  EXPECT_EQ(seen.presence[1].size(), 2u);
  ASSERT_EQ(seen.text.size(), 1u);
  EXPECT_EQ(seen.text[0], "b: hi ");
}

TEST(ChatLegacy, ReaderWaitsForAPresenceCutByTheRead) {
  LegacyReader reader;
  Seen seen;
  feed_all(reader, {"!", R"({"a": "1.2.3.4", "}b": )", R"("x"}tail )"}, seen);
  ASSERT_EQ(seen.presence.size(), 1u);
  EXPECT_EQ(seen.presence[0][1].first, "}b");  // a brace inside a string is no end
  ASSERT_EQ(seen.text.size(), 1u);
  EXPECT_EQ(seen.text[0], "tail ");
  EXPECT_EQ(reader.pending(), 0u);
}

TEST(ChatLegacy, TextCannotForgePresence) {
  LegacyReader reader;
  Seen seen;
  feed_all(reader, {R"(mallory: x !{"bob": "6.6.6.6"} )"}, seen);
  EXPECT_TRUE(seen.presence.empty());
  ASSERT_EQ(seen.text.size(), 1u);
}

TEST(ChatLegacy, MalformedPresenceIsText) {
  LegacyReader reader;
  Seen seen;
  feed_all(reader, {R"(!{"a": 5})", "!nope"}, seen);
  EXPECT_TRUE(seen.presence.empty());
  EXPECT_EQ(seen.text.size(), 2u);
}

TEST(ChatLegacy, PresenceEndMatchesBraces) {
  EXPECT_EQ(legacy_presence_end(R"(!{"a": "b"}rest)"), 11u);
  EXPECT_EQ(legacy_presence_end(R"(!{"a": "b\"}")"), 0u);
  EXPECT_EQ(legacy_presence_end("!x"), 0u);
}

}  // namespace
}  // namespace sockscope::chat
