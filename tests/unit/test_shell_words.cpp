// shell_quote / split_shell_words: the recorded scan command (-oX args, -oJ arguments)
// splits back into exactly the words given, whatever they hold; plain lines such as
// nmap's own args split on blanks; lines no shell_join wrote are refused.
#include "core/shell_words.h"

#include <gtest/gtest.h>

#include <random>

namespace sockscope {
namespace {

using Words = std::vector<std::string>;

TEST(ShellQuote, PlainWordsStayBareOthersAreSingleQuoted) {
  EXPECT_EQ(shell_quote("192.0.2.1-20"), "192.0.2.1-20");
  EXPECT_EQ(shell_quote("--max-rate=500"), "--max-rate=500");
  EXPECT_EQ(shell_quote("T:22,U:53"), "T:22,U:53");
  EXPECT_EQ(shell_quote("my scan.json"), "'my scan.json'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("$HOME"), "'$HOME'");
  EXPECT_EQ(shell_quote("a*b"), "'a*b'");
  EXPECT_EQ(shell_join({"192.0.2.2", "-oJ", "out dir/a.json"}), "192.0.2.2 -oJ 'out dir/a.json'");
}

TEST(SplitShellWords, SplitsAsAShellWould) {
  EXPECT_EQ(split_shell_words("sockscope scan 192.0.2.2  -p\t80\n"),
            (Words{"sockscope", "scan", "192.0.2.2", "-p", "80"}));
  EXPECT_EQ(split_shell_words("-oJ 'my scan.json'"), (Words{"-oJ", "my scan.json"}));
  EXPECT_EQ(split_shell_words("'it'\\''s'"), (Words{"it's"}));
  EXPECT_EQ(split_shell_words("\"a \\\"b\\\" \\$c \\x\""), (Words{"a \"b\" $c \\x"}));
  EXPECT_EQ(split_shell_words("a\\ b c"), (Words{"a b", "c"}));
  EXPECT_EQ(split_shell_words("'' \"\" x"), (Words{"", "", "x"}));
  EXPECT_EQ(split_shell_words("ab'c d'\"e\"f"), (Words{"abc def"}));
  EXPECT_EQ(split_shell_words("a \\\n b"), (Words{"a", "b"}));
  EXPECT_EQ(split_shell_words("   "), Words{});
  // nmap's own args attribute: blanks only.
  EXPECT_EQ(split_shell_words("nmap -n -Pn -sT -p 1-1000 -oX nmap.xml 192.0.2.2"),
            (Words{"nmap", "-n", "-Pn", "-sT", "-p", "1-1000", "-oX", "nmap.xml", "192.0.2.2"}));
}

TEST(SplitShellWords, RefusesWhatNoShellJoinWrote) {
  EXPECT_FALSE(split_shell_words("a 'b"));
  EXPECT_FALSE(split_shell_words("a \"b\\\""));
  EXPECT_FALSE(split_shell_words("a b\\"));
}

TEST(SplitShellWords, RoundTripsAnyWords) {
  EXPECT_EQ(split_shell_words(shell_join({})), Words{});
  std::mt19937 rng(7);
  const std::string alphabet =
      std::string("ab -'\"\\$`*\t\n;&|<>(){}#~!?=%,:.") + '\x01' + "\xc3\xa9";
  for (int round = 0; round < 2000; ++round) {
    Words words(rng() % 5);
    for (auto& w : words) {
      std::size_t len = rng() % 6;
      for (std::size_t i = 0; i < len; ++i) w += alphabet[rng() % alphabet.size()];
    }
    auto back = split_shell_words(shell_join(words));
    ASSERT_TRUE(back.has_value()) << shell_join(words);
    EXPECT_EQ(*back, words) << shell_join(words);
  }
}

}  // namespace
}  // namespace sockscope
