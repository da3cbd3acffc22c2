// Public. Where `chat client` reads its commands: a pipe or file, line by line, or a
// terminal through libedit's callback interface (rl_callback_handler_install /
// rl_callback_read_char), so that a message arriving while a line is half typed is
// printed above it and the prompt and the partial line are drawn again (print()).
// The terminal input is the one piece of the chat library that writes to the terminal:
// it owns the line being typed. libedit keeps global state: one TerminalInput at a time.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sockscope::chat {

class LineInput {
 public:
  using OnLine = std::function<void(std::string_view line)>;
  virtual ~LineInput() = default;
  // The descriptor to poll for input.
  virtual int fd() const = 0;
  // Reads what is ready and calls on_line per whole line; false once the input ended
  // (a last unterminated line is delivered first).
  virtual bool read(const OnLine& on_line) = 0;
  // Writes one line of output (a '\n' is added) to `to` without garbling the input.
  virtual void print(std::FILE* to, const std::string& line);
};

// Lines of at most `max_line` bytes from a pipe or file. A longer line is dropped whole,
// up to its newline, with one call of `notice`; the lines after it are read as usual.
std::unique_ptr<LineInput> make_pipe_input(int fd, std::size_t max_line,
                                           std::function<void(const std::string&)> notice);

// The terminal on `fd` (stdin) with `prompt`, through libedit. Lines longer than
// `max_line` are dropped with a notice, as for a pipe.
std::unique_ptr<LineInput> make_terminal_input(int fd, const std::string& prompt,
                                               std::size_t max_line,
                                               std::function<void(const std::string&)> notice);

// The pipe input's line cutting, shared with its unit tests: feeds `bytes`, calls
// on_line per whole line (without "\n" or "\r\n") and on_too_long once per over-long
// line, which is then skipped to its newline.
class InputLines {
 public:
  explicit InputLines(std::size_t max_line) : max_line_(max_line) {}
  void feed(std::string_view bytes, const LineInput::OnLine& on_line,
            const std::function<void()>& on_too_long);
  // At end of input: the last unterminated line, if any.
  void finish(const LineInput::OnLine& on_line);

 private:
  std::size_t max_line_;
  std::string partial_;
  bool skipping_ = false;  // inside an over-long line, until its newline
};

}  // namespace sockscope::chat
