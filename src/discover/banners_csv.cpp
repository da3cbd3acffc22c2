#include "discover/banners_csv.h"

namespace sockscope::discover {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out(1, '"');
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_banners_csv_header(std::ostream& out) {
  out << "host,port,service_hint,banner_snippet\r\n";
}

void write_banners_csv_row(std::ostream& out, const BannerRow& row) {
  out << csv_field(row.host) << ',' << row.port << ',' << csv_field(row.service_hint) << ','
      << csv_field(row.banner_snippet) << "\r\n";
}

}  // namespace sockscope::discover
