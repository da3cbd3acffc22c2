#include "discover/report_doc.h"

#include "core/text.h"

namespace sockscope::discover {

void Doc::heading(int level, std::string text) {
  Block b;
  b.kind = Block::Kind::kHeading;
  b.level = level;
  b.text = std::move(text);
  blocks.push_back(std::move(b));
}

void Doc::paragraph(std::string text) {
  Block b;
  b.text = std::move(text);
  blocks.push_back(std::move(b));
}

void Doc::list(std::vector<std::string> items) {
  Block b;
  b.kind = Block::Kind::kList;
  b.items = std::move(items);
  blocks.push_back(std::move(b));
}

void Doc::table(std::vector<std::vector<std::string>> rows) {
  Block b;
  b.kind = Block::Kind::kTable;
  b.rows = std::move(rows);
  blocks.push_back(std::move(b));
}

std::string markdown_escape(std::string_view text) {
  // & < > as entities, since Markdown viewers render raw HTML; quotes stay readable.
  static constexpr std::string_view kEntity[] = {"&amp;", "&lt;", "&gt;"};
  static constexpr std::string_view kEntityChars = "&<>";
  static constexpr std::string_view kSyntax = "\\`*_[]|#";
  std::string out;
  for (char c : printable_utf8(text, LineBreaks::kEscape)) {
    std::size_t entity = kEntityChars.find(c);
    if (entity != std::string_view::npos) {
      out += kEntity[entity];
      continue;
    }
    if (kSyntax.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string render_markdown(const Doc& doc) {
  std::string out = "# " + markdown_escape(doc.title) + "\n";
  for (const Block& b : doc.blocks) {
    out += '\n';
    switch (b.kind) {
      case Block::Kind::kHeading:
        out += std::string(static_cast<std::size_t>(b.level + 1), '#') + " " +
               markdown_escape(b.text) + "\n";
        break;
      case Block::Kind::kParagraph:
        out += markdown_escape(b.text) + "\n";
        break;
      case Block::Kind::kList:
        for (const auto& item : b.items) out += "- " + markdown_escape(item) + "\n";
        break;
      case Block::Kind::kTable:
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          out += '|';
          for (const auto& cell : b.rows[r]) {
            out += ' ';
            out += markdown_escape(cell);
            out += " |";
          }
          out += '\n';
          if (r == 0) {
            out += '|';
            for (std::size_t c = 0; c < b.rows[0].size(); ++c) out += "---|";
            out += '\n';
          }
        }
        break;
    }
  }
  return out;
}

std::string render_html(const Doc& doc) {
  auto esc = [](std::string_view text) {
    return xml_escape(printable_utf8(text, LineBreaks::kEscape));
  };
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      esc(doc.title) +
      "</title>\n<style>body{font-family:sans-serif;max-width:72rem;margin:2rem auto}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
      "text-align:left;vertical-align:top}</style>\n</head>\n<body>\n<h1>" +
      esc(doc.title) + "</h1>\n";
  for (const Block& b : doc.blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading: {
        std::string level = std::to_string(b.level + 1);
        out += "<h";
        out += level;
        out += '>';
        out += esc(b.text);
        out += "</h";
        out += level;
        out += ">\n";
        break;
      }
      case Block::Kind::kParagraph:
        out += "<p>" + esc(b.text) + "</p>\n";
        break;
      case Block::Kind::kList:
        out += "<ul>\n";
        for (const auto& item : b.items) out += "<li>" + esc(item) + "</li>\n";
        out += "</ul>\n";
        break;
      case Block::Kind::kTable:
        out += "<table>\n";
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          const char* cell_tag = r == 0 ? "th" : "td";
          out += "<tr>";
          for (const auto& cell : b.rows[r]) {
            out += std::string("<") + cell_tag + ">" + esc(cell) + "</" + cell_tag + ">";
          }
          out += "</tr>\n";
        }
        out += "</table>\n";
        break;
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sockscope::discover
