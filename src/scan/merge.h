// Public. `sockscope merge`: the outputs of several runs (shards on N machines, or a run
// and its --resume) become one result. Reads -oJ documents and -oD NDJSON files, keeps
// one result per host/port/protocol, and returns one document in the -oJ schema. With
// --open runs, each host's "extraports" (the pairs finished but not listed) are the union
// of the inputs', less the pairs some input lists, so --resume of the merged document
// skips every pair any shard finished.
// Inputs that disagree on a pair's result: one rule, whatever their order. The more
// informative state wins (open or closed, an answer, over filtered over open|filtered);
// at equal states, the later scan (-oJ records when each host was finished; -oD records
// no time and counts as earliest); then open over closed; then the greater JSON text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sockscope::scan {

// Each text is a whole -oJ document or NDJSON lines. Throws usage_error naming the
// input (by its index/name) when it is neither, or empty (/dev/null). A torn last NDJSON line (a
// run killed mid-write) is skipped.
nlohmann::json merge_scan_outputs(
    const std::vector<std::pair<std::string, std::string>>& named_texts);

}  // namespace sockscope::scan
