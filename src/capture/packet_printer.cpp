#include "capture/packet_printer.h"

#include "capture/packet_detail.h"

namespace sockscope::capture {

PacketPrinter::PacketPrinter(const PrintOptions& options)
    : options_(options), filter_(DisplayFilter::compile(options.filter)) {
  if (options_.view == PacketView::kJson) text_.append("[\n");
  // The details and JSON show the ACK analysis; the summary line needs it only when the
  // filter does.
  decoder_.set_ack_analysis(filter_.needs_ack_analysis() || options_.view == PacketView::kDetails ||
                            options_.view == PacketView::kJson);
}

bool PacketPrinter::add(const Record& record) {
  if (done()) return false;
  decoder_.decode(record, packet_);
  if (!filter_.matches(packet_)) return false;
  SummaryOptions summary;
  summary.absolute_seq = options_.absolute_seq;
  summary.time_digits = decoder_.time_digits();
  switch (options_.view) {
    case PacketView::kNone:
      break;
    case PacketView::kSummary:
      append_summary(text_, packet_, summary);
      break;
    case PacketView::kDetails:
      append_details(text_, packet_, summary);
      break;
    case PacketView::kJson:
      if (shown_ > 0) text_.append(",\n");
      append_json(text_, packet_, summary);
      break;
  }
  ++shown_;
  if (on_match_) on_match_(packet_);
  return true;
}

void PacketPrinter::finish() {
  if (options_.view == PacketView::kJson) text_.append("\n]\n");
}

std::string print_file(const std::string& path, PacketPrinter& printer,
                       const std::function<void(std::string&)>& drain) {
  constexpr std::size_t kDrainAt = 1u << 20;  // one write per ~1 MiB, never one per packet
  // (done() is false before the first record: a count of 0 means no limit)
  std::string damage = for_each_record(
      path,
      [&](const Record& record) {
        printer.add(record);
        if (printer.text().size() >= kDrainAt) drain(printer.text());
        return !printer.done();
      },
      [&] { drain(printer.text()); });
  printer.finish();
  drain(printer.text());
  return damage;
}

}  // namespace sockscope::capture
