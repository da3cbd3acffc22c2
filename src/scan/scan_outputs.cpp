#include "scan/scan_outputs.h"

#include <filesystem>
#include <iostream>

#include "scan/output/lab_json_writer.h"

namespace sockscope::scan {

bool same_output_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  std::error_code ec1, ec2;
  auto ca = std::filesystem::weakly_canonical(a, ec1);
  auto cb = std::filesystem::weakly_canonical(b, ec2);
  return !ec1 && !ec2 ? ca == cb : a == b;
}

OutputChoice ScanOutputs::with_resume_default(OutputChoice choice, const ResumeFile* resume) {
  if (resume && resume->format == ResumeFormat::kNdjson && choice.ndjson.empty())
    choice.ndjson = resume->path;
  return choice;
}

ScanOutputs::ScanOutputs(const OutputChoice& choice, bool only_open, const ResumeFile* resume) {
  bool append_ndjson = resume && resume->format == ResumeFormat::kNdjson &&
                       same_output_file(choice.ndjson, resume->path);
  auto add = [&](const std::string& path, auto make, bool append = false) {
    if (path.empty()) return;
    auto mode = append                                           ? OutputFiles::Mode::kAppend
                : resume && same_output_file(path, resume->path) ? OutputFiles::Mode::kReplace
                                                                 : OutputFiles::Mode::kTruncate;
    std::ostream& stream = files_.open(path, mode, append ? resume->good_bytes : 0);
    writers_.add(make(stream), &stream);
    gets_earlier_.push_back(!append);
  };
  add(choice.normal, make_normal_writer);
  add(choice.xml, make_xml_writer);
  add(choice.grep, make_grepable_writer);
  add(choice.json, make_json_writer);
  add(
      choice.ndjson, [&](std::ostream& o) { return make_ndjson_writer(o, only_open); },
      append_ndjson);
  add(choice.csv, [&](std::ostream& o) { return make_csv_writer(o, only_open); });
  add(choice.lab_json, make_lab_json_writer);
  if (!choice.takes_stdout()) {
    writers_.add(make_normal_writer(std::cout), &std::cout);
    gets_earlier_.push_back(true);
  }
}

void ScanOutputs::begin(const ScanInfo& info) {
  for (std::size_t i = 0; i < writers_.size(); ++i) writers_[i].begin(info);
}

void ScanOutputs::result(const PortResult& r) {
  for (std::size_t i = 0; i < writers_.size(); ++i) writers_[i].result(r);
}

void ScanOutputs::earlier_result(const PortResult& r) {
  for (std::size_t i = 0; i < writers_.size(); ++i)
    if (gets_earlier_[i]) writers_[i].result(r);
}

void ScanOutputs::end(const ScanSummary& summary) {
  for (std::size_t i = 0; i < writers_.size(); ++i) writers_[i].end(summary);
  files_.close();
}

}  // namespace sockscope::scan
