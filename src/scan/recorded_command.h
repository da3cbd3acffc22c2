// Public. The command a scan records in its outputs (-oJ "arguments"/"argv", -oX
// args) and what `scan --resume FILE` alone may do with it. The recorded words are
// whatever the file says: someone else may have written the file. Before they run
// again, each output path they name (-oN, -oX, --log, ...) must be a path the file's
// owner could have written with that run: not a symlink, and, when it exists, a regular
// file that owner may write; when it does not exist, in a directory that owner may
// write. So a planted file cannot make root overwrite /etc/passwd or append to
// ~/.bashrc through --log. Inputs it names (-iL, --excludefile) must be readable by
// that owner.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sockscope::scan {

// The words after `scan` in a recorded command line ("sockscope scan 192.0.2.2 -p 80"),
// split as a shell would (we write it shell-quoted; nmap's own args split on blanks).
// Empty when there is no `scan` word or the line does not split (an unclosed quote).
std::vector<std::string> words_after_scan(const std::string& command_line);
// The same for a command's words (argv without argv[0]).
std::vector<std::string> words_after_scan(const std::vector<std::string>& words);

// "sockscope scan <words shell-quoted>": pasted into a shell it is the same command,
// and --resume splits it back into the same words.
std::string scan_command_line(const std::vector<std::string>& words);

// The recorded words with `flag`'s value set to `value`: every `flag V` and `flag=V`
// before a `--` gets the new value, or, when the words have none, `flag value` goes in
// first (ahead of any `--`, so it stays an option). For the pacing flags a resumed run
// may change (--max-rate, --min-rate): the outputs then record the rate it really ran at.
std::vector<std::string> with_option_value(std::vector<std::string> words, const std::string& flag,
                                           const std::string& value);

// Throws usage_error naming `flag` and `path` when `owner` (the uid that owns the
// resume file) could not have written `path` as the recorded run's output, or `path`
// is a symlink. "-" (stdout) is always fine.
void check_recorded_output(const std::string& flag, const std::string& path, uid_t owner);

// The same for a recorded input (-iL, --excludefile): `owner` must be allowed to read
// it, or root would read (and look up as names) a file only root may read.
void check_recorded_input(const std::string& flag, const std::string& path, uid_t owner);

// The owner of the --resume file (throws usage_error when it cannot be read).
uid_t file_owner(const std::string& path);

}  // namespace sockscope::scan
