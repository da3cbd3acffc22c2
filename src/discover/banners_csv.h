// Public. The lab's banners.csv: `host,port,service_hint,banner_snippet`, one row a port,
// quoted as RFC 4180 says (a field with a comma, quote, CR or LF is put in double quotes,
// quotes inside doubled; rows end in CRLF), so any spreadsheet or csv module reads it back.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace sockscope::discover {

struct BannerRow {
  std::string host;
  std::uint16_t port = 0;
  std::string service_hint;    // "SSH", "HTTP", "SSL/HTTP", "" when unknown
  std::string banner_snippet;  // banner_snippet(): one line, escaped
};

std::string csv_field(std::string_view text);

void write_banners_csv_header(std::ostream& out);
void write_banners_csv_row(std::ostream& out, const BannerRow& row);

}  // namespace sockscope::discover
