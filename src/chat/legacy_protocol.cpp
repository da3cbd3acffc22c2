#include "chat/legacy_protocol.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace sockscope::chat {
namespace {

// The code point of the valid sequence of `len` bytes at text[i].
char32_t decode_at(std::string_view text, std::size_t i, std::size_t len) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  switch (len) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1fu) << 6) | (b(1) & 0x3fu);
    case 3:
      return ((b(0) & 0x0fu) << 12) | ((b(1) & 0x3fu) << 6) | (b(2) & 0x3fu);
    default:
      return ((b(0) & 0x07u) << 18) | ((b(1) & 0x3fu) << 12) | ((b(2) & 0x3fu) << 6) |
             (b(3) & 0x3fu);
  }
}

void append_u(std::string& out, unsigned unit) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", unit & 0xffffu);
  out += buf;
}

// A JSON string as Python's json.dumps writes it (ensure_ascii=True).
void append_python_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8_sequence_at(s, i);
    if (len == 0) {  // not UTF-8 (names are checked first): U+FFFD, as errors="replace"
      append_u(out, 0xfffd);
      ++i;
      continue;
    }
    char32_t cp = decode_at(s, i, len);
    i += len;
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    // Python escapes everything outside ' '..'~' (DEL included).
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0xffff)) {
      append_u(out, static_cast<unsigned>(cp));
    } else if (cp > 0xffff) {
      char32_t v = cp - 0x10000;
      append_u(out, 0xd800 + static_cast<unsigned>(v >> 10));
      append_u(out, 0xdc00 + static_cast<unsigned>(v & 0x3ff));
    } else {
      out += static_cast<char>(cp);
    }
  }
  out += '"';
}

}  // namespace

std::string encode_legacy_presence(const LegacyUsers& users) {
  std::string out = "!{";
  bool first = true;
  for (const auto& [name, address] : users) {
    if (!first) out += ", ";
    first = false;
    append_python_string(out, name);
    out += ": ";
    append_python_string(out, address);
  }
  out += '}';
  return out;
}

std::string encode_legacy_relay(std::string_view name, std::string_view text) {
  std::string out;
  out.reserve(name.size() + text.size() + 3);
  out.append(name).append(": ").append(text).append(" ");
  return out;
}

std::size_t legacy_cut(std::string_view bytes, std::size_t max) {
  if (bytes.size() <= max) {
    // The whole of it, unless it ends inside a sequence that may still be completed:
    // a lead byte announcing more bytes than follow it.
    std::size_t n = bytes.size();
    std::size_t k = n;
    while (k > 0 && n - k < 3 && utf8_is_continuation(bytes[k - 1])) --k;
    if (k > 0) {
      std::size_t lead = utf8_lead_width(static_cast<unsigned char>(bytes[k - 1]));
      if (lead > 1 && n - (k - 1) < lead) return k - 1;
    }
    return n;
  }
  std::size_t i = 0;
  while (i < max) {
    std::size_t len = utf8_sequence_at(bytes, i);
    if (len == 0) len = 1;
    if (i + len > max) break;
    i += len;
  }
  return i == 0 ? max : i;  // max smaller than one character: cut it anyway
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = utf8_sequence_at(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string legacy_name_problem(std::string_view name) {
  if (name.empty() || name.size() > 64) return "a name is 1-64 bytes";
  if (!valid_utf8(name)) return "a name is UTF-8 text";
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "a name has no control characters";
  }
  if (name.front() == ' ' || name.back() == ' ')
    return "a name neither starts nor ends with a space";
  // A relayed "!name: ..." would look like a presence list to the lab's client.
  if (name.front() == '!') return "a name does not start with '!'";
  return {};
}

std::size_t legacy_presence_end(std::string_view bytes) {
  if (bytes.size() < 2 || bytes[0] != '!' || bytes[1] != '{') return 0;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 1; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return 0;
}

bool parse_legacy_presence(std::string_view bytes, LegacyUsers& users) {
  if (bytes.size() < 2 || bytes[0] != '!') return false;
  auto j = nlohmann::ordered_json::parse(bytes.data() + 1, bytes.data() + bytes.size(), nullptr,
                                         /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return false;
  LegacyUsers out;
  for (const auto& [name, address] : j.items()) {
    if (!address.is_string()) return false;
    out.emplace_back(name, address.get<std::string>());
  }
  users = std::move(out);
  return true;
}

void LegacyReader::feed(std::string_view bytes, const OnPresence& on_presence,
                        const OnText& on_text) {
  std::string joined;
  std::string_view data = bytes;
  if (!partial_.empty()) {
    joined = std::move(partial_);
    partial_.clear();
    joined.append(bytes);
    data = joined;
  }
  while (!data.empty()) {
    if (data.front() != '!') break;
    if (data.size() >= 2 && data[1] != '{') break;
    std::size_t end = data.size() == 1 ? 0 : legacy_presence_end(data);
    if (end == 0) {
      if (data.size() > kMaxLegacyPresenceBytes) break;  // never ends: show it as text
      partial_.assign(data);
      return;
    }
    LegacyUsers users;
    if (!parse_legacy_presence(data.substr(0, end), users)) break;
    on_presence(std::move(users));
    data.remove_prefix(end);
  }
  if (!data.empty()) on_text(data);
}

}  // namespace sockscope::chat
