#include "lab/steps.h"

#include <exception>

#include "net/interrupt.h"

namespace sockscope::lab {

LabResult run_steps(const std::vector<Step>& steps, LabState& state, Transcript& transcript,
                    const Clock& clock) {
  LabResult result;
  result.total = static_cast<int>(steps.size());
  TimePoint start = clock.now();
  int number = 0;
  for (const auto& step : steps) {
    if (net::interrupted()) {  // Ctrl-C: no new step; LabState's destructor cleans up
      result.failed_step = step.name;
      break;
    }
    transcript.step(++number, step.name);
    bool ok = false;
    try {
      ok = step.run(state, transcript);
    } catch (const std::exception& e) {
      transcript.failed(e.what());
    }
    if (!ok) {
      result.failed_step = step.name;
      break;
    }
    ++result.passed;
  }
  result.elapsed = clock.now() - start;
  return result;
}

}  // namespace sockscope::lab
