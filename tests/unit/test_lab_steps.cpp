// The lab's step runner (lab/steps.h): order, stop at the first failure, a throw is a
// failure with its message in the transcript.
#include "lab/steps.h"

#include <gtest/gtest.h>

#include "fmt/format.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace sockscope::lab {
namespace {

class Recording final : public Transcript {
 public:
  std::vector<std::string> lines;
  void step(int number, std::string_view name) override {
    // (fmt, not operator+: GCC 12 reports a false -Wrestrict on the chained form)
    lines.push_back(fmt::format("[{}] {}", number, name));
  }
  void line(std::string_view text) override { lines.emplace_back(text); }
  void failed(std::string_view why) override { lines.push_back(fmt::format("FAILED: {}", why)); }
};

TEST(LabSteps, RunsInOrderOverSharedState) {
  LabState state;
  Recording t;
  std::vector<Step> steps{
      {"first",
       [](LabState& s, Transcript& tr) {
         s.found_tcp_port = 7;
         tr.line("set");
         return true;
       }},
      {"second", [](LabState& s, Transcript&) { return s.found_tcp_port == 7; }},
  };
  LabResult r = run_steps(steps, state, t);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.passed, 2);
  EXPECT_EQ(t.lines, (std::vector<std::string>{"[1] first", "set", "[2] second"}));
}

TEST(LabSteps, StopsAtTheFirstFailure) {
  LabState state;
  Recording t;
  bool third_ran = false;
  std::vector<Step> steps{
      {"ok", [](LabState&, Transcript&) { return true; }},
      {"no", [](LabState&, Transcript&) { return false; }},
      {"never", [&](LabState&, Transcript&) { return third_ran = true; }},
  };
  LabResult r = run_steps(steps, state, t);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.passed, 1);
  EXPECT_EQ(r.total, 3);
  EXPECT_EQ(r.failed_step, "no");
  EXPECT_FALSE(third_ran);
}

TEST(LabSteps, AThrowFailsTheStepWithItsMessage) {
  LabState state;
  Recording t;
  std::vector<Step> steps{
      {"boom", [](LabState&, Transcript&) -> bool { throw std::runtime_error("port taken"); }},
  };
  LabResult r = run_steps(steps, state, t);
  EXPECT_EQ(r.failed_step, "boom");
  EXPECT_EQ(t.lines.back(), "FAILED: port taken");
}

TEST(LabSteps, ElapsedComesFromTheGivenClock) {
  LabState state;
  Recording t;
  ManualClock clock;
  std::vector<Step> steps{{"wait", [&](LabState&, Transcript&) {
                             clock.advance(std::chrono::milliseconds(250));
                             return true;
                           }}};
  LabResult r = run_steps(steps, state, t, clock);
  EXPECT_EQ(r.elapsed, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace sockscope::lab
