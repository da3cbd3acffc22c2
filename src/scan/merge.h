// Public. `sockscope merge`: the outputs of several runs (shards on N machines, or a run
// and its --resume) become one result. Reads -oJ documents and -oD NDJSON files, keeps
// one result per host/port/protocol, and returns one document in the -oJ schema. With
// --open runs, each host's "extraports" (the pairs finished but not listed) are the union
// of the inputs', less the pairs some input lists, so --resume of the merged document
// skips every pair any shard finished.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sockscope::scan {

// Each text is a whole -oJ document or NDJSON lines. Throws usage_error naming the
// input (by its index/name) when it is neither. A torn last NDJSON line (a run killed
// mid-write) is skipped.
nlohmann::json merge_scan_outputs(
    const std::vector<std::pair<std::string, std::string>>& named_texts);

}  // namespace sockscope::scan
