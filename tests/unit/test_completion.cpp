// The communicator's completion rule (message/completion.h), on a ManualClock: no
// sockets, no sleeping.
#include "message/completion.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::message {
namespace {

using std::chrono::milliseconds;

CompletionRule rule(std::size_t max_chars = 4096) {
  CompletionRule r;
  r.max_chars = max_chars;
  r.quiet_gap = milliseconds(500);
  r.message_timeout = std::chrono::seconds(30);
  return r;
}

TEST(Completion, EndOfStreamCompletesWhatArrived) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  EXPECT_EQ(a.feed("hello "), Completion::kIncomplete);
  EXPECT_EQ(a.feed("world"), Completion::kIncomplete);
  EXPECT_EQ(a.end_of_stream(), Completion::kEndOfStream);
  EXPECT_EQ(a.text(), "hello world");
  EXPECT_EQ(a.chars(), 11u);
}

TEST(Completion, QuietGapCompletesAfterTheLastByteNotTheFirst) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  a.feed("part one");
  clock.advance(milliseconds(400));
  a.feed(", part two");
  clock.advance(milliseconds(499));
  EXPECT_EQ(a.status(), Completion::kIncomplete);  // 899 ms after the first byte
  EXPECT_EQ(a.deadline(), clock.now() + milliseconds(1));
  clock.advance(milliseconds(1));
  EXPECT_EQ(a.status(), Completion::kQuietGap);
  EXPECT_EQ(a.text(), "part one, part two");
}

TEST(Completion, NothingWithinTheMessageTimeoutIsSilent) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  clock.advance(std::chrono::seconds(29));
  EXPECT_EQ(a.status(), Completion::kIncomplete);  // no quiet gap before the first byte
  clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(a.status(), Completion::kSilent);
  EXPECT_TRUE(a.empty());
}

TEST(Completion, LimitCompletesAtExactlyMaxCharsAndDropsTheRest) {
  ManualClock clock;
  MessageAssembler a(rule(4096), clock);
  EXPECT_EQ(a.feed(std::string(4000, 'a')), Completion::kIncomplete);
  EXPECT_EQ(a.feed(std::string(200, 'b')), Completion::kLimit);
  EXPECT_EQ(a.chars(), 4096u);
  EXPECT_EQ(a.text().size(), 4096u);
  EXPECT_EQ(a.dropped_bytes(), 104u);
  EXPECT_EQ(a.feed("more flood"), Completion::kLimit);  // later bytes only counted
  EXPECT_EQ(a.dropped_bytes(), 114u);
  EXPECT_EQ(a.end_of_stream(), Completion::kLimit);  // the first reason stays
}

TEST(Completion, ExactlyMaxCharsIsComplete) {
  ManualClock clock;
  MessageAssembler a(rule(4096), clock);
  EXPECT_EQ(a.feed(std::string(4096, 'x')), Completion::kLimit);
  EXPECT_EQ(a.dropped_bytes(), 0u);
}

TEST(Completion, LimitCountsCharactersNotBytes) {
  ManualClock clock;
  MessageAssembler a(rule(3), clock);
  EXPECT_EQ(a.feed("\xc3\xa9\xc3\xa9"), Completion::kIncomplete);  // "éé": 4 bytes, 2 chars
  EXPECT_EQ(a.chars(), 2u);
  EXPECT_EQ(a.feed("\xe2\x82\xac!"), Completion::kLimit);  // "€" is the 3rd char, "!" dropped
  EXPECT_EQ(a.text(), "\xc3\xa9\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(a.dropped_bytes(), 1u);
}

TEST(Completion, ACharacterSplitAcrossReadsIsCountedOnce) {
  ManualClock clock;
  MessageAssembler a(rule(2), clock);
  EXPECT_EQ(a.feed("\xe2\x82"), Completion::kIncomplete);  // first two bytes of "€"
  EXPECT_EQ(a.chars(), 0u);
  EXPECT_EQ(a.feed("\xac"), Completion::kIncomplete);
  EXPECT_EQ(a.chars(), 1u);
  EXPECT_EQ(a.feed("ab"), Completion::kLimit);
  EXPECT_EQ(a.text(),
            "\xe2\x82\xac"
            "a");
}

TEST(Completion, InvalidBytesCountAsOneCharacterEach) {
  ManualClock clock;
  MessageAssembler a(rule(3), clock);
  EXPECT_EQ(a.feed("\xff\xfe"), Completion::kIncomplete);
  EXPECT_EQ(a.chars(), 2u);
  EXPECT_EQ(a.feed("\x80z"), Completion::kLimit);
  EXPECT_EQ(a.text(), "\xff\xfe\x80");
}

TEST(Completion, TruncatedSequenceAtEndOfStreamIsKept) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  a.feed("ok\xe2\x82");
  EXPECT_EQ(a.end_of_stream(), Completion::kEndOfStream);
  EXPECT_EQ(a.text(), "ok\xe2\x82");
  EXPECT_EQ(a.chars(), 4u);  // like utf8_length: two invalid bytes, one char each
}

TEST(Completion, EndOfStreamBeforeAnyByteIsEmpty) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  EXPECT_EQ(a.end_of_stream(), Completion::kEndOfStream);
  EXPECT_TRUE(a.empty());
}

TEST(Completion, EmptyFeedDoesNotRestartTheGap) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  a.feed("x");
  clock.advance(milliseconds(400));
  a.feed("");
  clock.advance(milliseconds(100));
  EXPECT_EQ(a.status(), Completion::kQuietGap);
}

TEST(Completion, ADribblingSenderIsCutOffByTheWholeMessageDeadline) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  TimePoint start = clock.now();
  // A byte every 0.4 s never leaves a 0.5 s gap; only the one deadline ends it.
  for (int i = 0; i < 74; ++i) {
    EXPECT_EQ(a.feed("x"), Completion::kIncomplete) << i;
    clock.advance(milliseconds(400));
  }
  EXPECT_EQ(a.status(), Completion::kIncomplete);            // 29.6 s
  EXPECT_EQ(a.deadline(), clock.now() + milliseconds(100));  // the gap after the last byte
  a.feed("x");
  EXPECT_EQ(a.deadline(), start + std::chrono::seconds(30));  // not 30.1 s: one deadline
  clock.advance(milliseconds(400));
  EXPECT_EQ(a.status(), Completion::kTooSlow);  // 30 s after the connection
}

TEST(Completion, AGapThatEndedBeforeTheDeadlineStillCompletes) {
  ManualClock clock;
  MessageAssembler a(rule(), clock);
  clock.advance(std::chrono::seconds(29));
  a.feed("late but whole");
  clock.advance(std::chrono::seconds(5));  // looked at only after the deadline
  EXPECT_EQ(a.status(), Completion::kQuietGap);
}

TEST(Completion, Words) {
  EXPECT_STREQ(completion_word(Completion::kQuietGap), "quiet gap");
  EXPECT_STREQ(completion_word(Completion::kLimit), "character limit");
}

}  // namespace
}  // namespace sockscope::message
