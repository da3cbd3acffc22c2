#include "chat/line_input.h"

#include <editline/readline.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <utility>

namespace sockscope::chat {

void LineInput::print(std::FILE* to, const std::string& line) {
  std::fputs(line.c_str(), to);
  std::fputc('\n', to);
  std::fflush(to);
}

void InputLines::feed(std::string_view bytes, const LineInput::OnLine& on_line,
                      const std::function<void()>& on_too_long) {
  while (!bytes.empty()) {
    std::size_t nl = bytes.find('\n');
    std::string_view piece = bytes.substr(0, nl);
    if (skipping_) {
      if (nl == std::string_view::npos) return;  // still inside the over-long line
      skipping_ = false;
    } else {
      // Room for the "\r" of a "\r\n" ending beyond max_line.
      std::size_t held = partial_.size() + piece.size();
      bool cr = !piece.empty() && piece.back() == '\r' && nl != std::string_view::npos;
      if (held > max_line_ + (cr ? 1 : 0)) {
        partial_.clear();
        on_too_long();
        if (nl == std::string_view::npos) {
          skipping_ = true;
          return;
        }
      } else if (nl == std::string_view::npos) {
        partial_.append(piece);
        return;
      } else {
        partial_.append(piece);
        std::string_view line = partial_;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(line);
        partial_.clear();
      }
    }
    bytes.remove_prefix(nl + 1);
  }
}

void InputLines::finish(const LineInput::OnLine& on_line) {
  if (!skipping_ && !partial_.empty()) {
    std::string last = std::move(partial_);
    partial_.clear();
    on_line(last);
  }
  skipping_ = false;
}

namespace {

class PipeInput final : public LineInput {
 public:
  PipeInput(int fd, std::size_t max_line, std::function<void(const std::string&)> notice)
      : fd_(fd), max_line_(max_line), lines_(max_line), notice_(std::move(notice)) {}
  int fd() const override { return fd_; }
  bool read(const OnLine& on_line) override {
    char buf[4096];
    ssize_t got = ::read(fd_, buf, sizeof buf);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return true;
    if (got <= 0) {
      lines_.finish(on_line);
      return false;
    }
    lines_.feed(std::string_view(buf, static_cast<std::size_t>(got)), on_line, [this] {
      notice_("sockscope: an input line is longer than " + std::to_string(max_line_) +
              " bytes; dropped");
    });
    return true;
  }

 private:
  int fd_;
  std::size_t max_line_;
  InputLines lines_;
  std::function<void(const std::string&)> notice_;
};

// libedit calls back a plain function: the one live TerminalInput, and the terminal
// settings to put back if a signal ends the program while libedit holds the terminal.
class TerminalInput;
TerminalInput* g_active = nullptr;
termios g_saved{};
int g_saved_fd = -1;

extern "C" void restore_terminal_and_die(int sig) {
  if (g_saved_fd >= 0) ::tcsetattr(g_saved_fd, TCSANOW, &g_saved);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

class TerminalInput final : public LineInput {
 public:
  TerminalInput(int fd, std::string prompt, std::size_t max_line,
                std::function<void(const std::string&)> notice)
      : fd_(fd), prompt_(std::move(prompt)), max_line_(max_line), notice_(std::move(notice)) {
    g_active = this;
    if (::tcgetattr(fd_, &g_saved) == 0) {
      g_saved_fd = fd_;
      for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) std::signal(sig, restore_terminal_and_die);
    }
    ::rl_callback_handler_install(prompt_.c_str(), &TerminalInput::on_rl_line);
  }
  ~TerminalInput() override {
    ::rl_callback_handler_remove();
    if (g_saved_fd >= 0) ::tcsetattr(g_saved_fd, TCSANOW, &g_saved);
    g_saved_fd = -1;
    g_active = nullptr;
    std::fputs("\n", stdout);
    std::fflush(stdout);
  }

  int fd() const override { return fd_; }

  bool read(const OnLine& on_line) override {
    ::rl_callback_read_char();
    while (!lines_.empty()) {
      std::string line = std::move(lines_.front());
      lines_.pop_front();
      if (line.size() > max_line_) {
        notice_("sockscope: an input line is longer than " + std::to_string(max_line_) +
                " bytes; dropped");
        continue;
      }
      on_line(line);
    }
    return !ended_;
  }

  void print(std::FILE* to, const std::string& line) override {
    // Wipe the prompt and the partial line, write the message where they were, then
    // let libedit draw the prompt and the partial line again below it.
    std::fputs("\r\x1b[K", stdout);
    std::fflush(stdout);
    std::fputs(line.c_str(), to);
    std::fputc('\n', to);
    std::fflush(to);
    ::rl_forced_update_display();
    std::fflush(stdout);
  }

 private:
  static void on_rl_line(char* line) {
    if (g_active == nullptr) {
      std::free(line);
      return;
    }
    if (line == nullptr) {
      g_active->ended_ = true;
      return;
    }
    if (*line != '\0') ::add_history(line);
    g_active->lines_.emplace_back(line);
    std::free(line);
  }

  int fd_;
  std::string prompt_;
  std::size_t max_line_;
  std::function<void(const std::string&)> notice_;
  std::deque<std::string> lines_;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<LineInput> make_pipe_input(int fd, std::size_t max_line,
                                           std::function<void(const std::string&)> notice) {
  return std::make_unique<PipeInput>(fd, max_line, std::move(notice));
}

std::unique_ptr<LineInput> make_terminal_input(int fd, const std::string& prompt,
                                               std::size_t max_line,
                                               std::function<void(const std::string&)> notice) {
  return std::make_unique<TerminalInput>(fd, prompt, max_line, std::move(notice));
}

}  // namespace sockscope::chat
