#include "lab/steps.h"

#include <algorithm>
#include <exception>
#include <string>

#include "net/interrupt.h"

namespace sockscope::lab {

void show_lines(Transcript& transcript, std::string_view text, std::string_view prefix,
                bool skip_empty) {
  while (!text.empty()) {
    std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty()) {
      if (!skip_empty) transcript.line("");
      continue;
    }
    std::string shown(prefix);
    shown.append(line);
    transcript.line(shown);
  }
}

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
