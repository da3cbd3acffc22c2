// Public. A report as a few kinds of blocks (headings, paragraphs, bullet lists, tables),
// rendered as Markdown or as one self-contained HTML page. All text is plain text: the
// renderers escape it, so a banner holding "<script>" or "|" cannot change the page or
// break a table.
#pragma once

#include <string>
#include <vector>

namespace sockscope::discover {

struct Block {
  enum class Kind { kHeading, kParagraph, kList, kTable };
  Kind kind = Kind::kParagraph;
  int level = 1;                               // kHeading: 1-3
  std::string text;                            // kHeading, kParagraph
  std::vector<std::string> items;              // kList
  std::vector<std::vector<std::string>> rows;  // kTable: the first row is the header
};

struct Doc {
  std::string title;
  std::vector<Block> blocks;
  void heading(int level, std::string text);
  void paragraph(std::string text);
  void list(std::vector<std::string> items);
  void table(std::vector<std::vector<std::string>> rows);
};

std::string render_markdown(const Doc& doc);
std::string render_html(const Doc& doc);

// Plain text escaped for Markdown: inline syntax characters get a backslash, & < > become
// entities (Markdown viewers render raw HTML).
std::string markdown_escape(std::string_view text);

}  // namespace sockscope::discover
