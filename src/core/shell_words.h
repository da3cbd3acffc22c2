// Public. Command lines as text that survives a round trip: the recorded command of a
// scan (-oX args, -oJ arguments, -oG header, --log) is written shell-quoted, so it can be
// pasted into a shell, and split back into the exact words by --resume.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope {

// One word for a POSIX shell: as is when it holds only characters no shell treats
// specially (letters, digits, and _@%+=:,./-), else in single quotes, a ' inside written
// as '\'' (the form `printf %q` users and nmap's own docs paste). "" becomes ''.
std::string shell_quote(std::string_view word);

// Words joined by single spaces, each shell_quote()d.
std::string shell_join(const std::vector<std::string>& words);

// The inverse, as a POSIX shell splits a simple command (no expansions): words end at
// unquoted blanks (space, tab, newline); '...' is literal; inside "..." a backslash
// escapes only " \ $ ` and newline; outside quotes a backslash escapes any character.
// Plain space-separated lines (nmap's own args attribute) split as before. nullopt for
// an unclosed quote or a trailing backslash: the line was not written by shell_join.
std::optional<std::vector<std::string>> split_shell_words(std::string_view line);

}  // namespace sockscope
