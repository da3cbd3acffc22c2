#include "scan/scan_outputs.h"

#include <filesystem>
#include <iostream>

#include "scan/output/lab_json_writer.h"
#include "scan/recorded_command.h"

namespace sockscope::scan {

bool same_output_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  // Absolute first: weakly_canonical leaves a relative path relative when none of it
  // exists yet, and "a.json" would differ from "./a.json".
  std::error_code ec1, ec2;
  auto ca = std::filesystem::weakly_canonical(std::filesystem::absolute(a, ec1), ec1);
  auto cb = std::filesystem::weakly_canonical(std::filesystem::absolute(b, ec2), ec2);
  return !ec1 && !ec2 ? ca == cb : a == b;
}

ScanInfo describe_run(const ScanOptions& options, const std::vector<std::string>& arguments,
                      const ResumeFile* resume, std::time_t now) {
  ScanInfo info;
  info.command_line = scan_command_line(arguments);
  info.arguments = arguments;
  info.run_start = info.start = now;
  if (resume) {
    info.resumed = true;
    info.resumed_from = resume->path;
    if (resume->start > 0) info.start = resume->start;
    info.earlier_elapsed = resume->elapsed;
  }
  info.types = options.types;
  info.tcp_ports = options.ports.tcp;
  info.udp_ports = options.ports.udp;
  return info;
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
