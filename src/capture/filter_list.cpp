#include "capture/filter_list.h"

#include <optional>

#include "capture/display_filter.h"
#include "capture/packet_decoder.h"
#include "capture/packet_file.h"
#include "core/error.h"

namespace sockscope::capture {
namespace {

// The filters that share one decode: with the ACK analysis on, or off. The analysis only
// adds fields, but a filter runs here exactly as -Y would run it alone, so the two kinds
// get a decoder each when both are present.
struct Pass {
  PacketDecoder decoder;
  Packet packet;
  std::vector<std::size_t> members;  // indices into the answers
};

}  // namespace

FilterListResult run_filter_list(const std::string& path, const std::vector<std::string>& filters) {
  FilterListResult result;
  result.answers.resize(filters.size());
  std::vector<std::optional<DisplayFilter>> compiled(filters.size());
  std::optional<Pass> plain;
  std::optional<Pass> with_acks;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    FilterAnswer& answer = result.answers[i];
    answer.filter = filters[i];
    try {
      compiled[i].emplace(DisplayFilter::compile(filters[i]));
    } catch (const Error& e) {
      if (e.code() != ExitCode::kUsage) throw;
      answer.refused = true;
      answer.reason = e.what();
      continue;
    }
    std::optional<Pass>& pass = compiled[i]->needs_ack_analysis() ? with_acks : plain;
    if (!pass) {
      pass.emplace();
      pass->decoder.set_ack_analysis(&pass == &with_acks);
    }
    pass->members.push_back(i);
  }

  const std::string damage = for_each_record(path, [&](const Record& record) {
    for (std::optional<Pass>* pass : {&plain, &with_acks}) {
      if (!*pass) continue;
      (*pass)->decoder.decode(record, (*pass)->packet);
      for (std::size_t i : (*pass)->members)
        if (compiled[i]->matches((*pass)->packet))
          result.answers[i].frames.push_back((*pass)->packet.number);
    }
    return true;
  });
  for (std::size_t i = 0; i < filters.size(); ++i)
    if (compiled[i]) result.answers[i].warning = compiled[i]->warning();
  result.damage = damage;
  return result;
}

}  // namespace sockscope::capture
