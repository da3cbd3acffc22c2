#include "message/communicator.h"

#include <istream>
#include <ostream>

#include "core/error.h"
#include "message/transcript.h"
#include "net/interrupt.h"

namespace sockscope::message {

Communicator::Communicator(std::istream& in, std::ostream& out, CommunicatorOptions options,
                           const Clock& clock)
    : in_(in), out_(out), options_(std::move(options)), clock_(clock) {}

void Communicator::line(const std::string& text) {
  out_ << text << '\n' << std::flush;
}

void Communicator::show_menu() {
  line(options_.title);
  line("1) send message");
  line("2) receive message");
  line("0) exit");
}

std::optional<std::string> Communicator::ask(const char* prompt) {
  out_ << prompt << std::flush;
  std::string text;
  if (net::interrupted() || !std::getline(in_, text) || net::interrupted()) {
    summary_.interrupted = net::interrupted();
    out_ << '\n';
    return std::nullopt;
  }
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (options_.echo_input) out_ << text << '\n';
  return text;
}

std::optional<std::string> Communicator::ask_message() {
  for (;;) {
    auto text = ask("Enter Message (max 4096 characters): ");
    if (!text) return std::nullopt;
    std::string error = message_error(*text);
    if (error.empty()) return text;
    line(error);
  }
}

std::optional<in_addr> Communicator::ask_recipient() {
  for (;;) {
    auto text = ask("Enter Recipient IP: ");
    if (!text) return std::nullopt;
    if (auto address = parse_recipient(*text)) return address;
    line(recipient_error(*text));
  }
}

bool Communicator::send() {
  auto text = ask_message();
  if (!text) return false;
  auto address = ask_recipient();
  if (!address) return false;
  line("Sending.");
  SendOptions options;
  options.to = net::Endpoint::ipv4(*address, options_.port);
  options.text = std::move(*text);
  options.timeout = options_.send_timeout;
  SendReport report = send_text(options, clock_);
  line(report_line(report, options.timeout));
  if (report.delivered()) {
    ++summary_.sent;
  } else {
    ++summary_.failed;
  }
  summary_.interrupted = report.outcome == net::Outcome::kInterrupted;
  return !summary_.interrupted;
}

bool Communicator::receive() {
  net::Endpoint at =
      options_.bind.family() == 0 ? net::Endpoint::ipv4(in_addr{}, 0) : options_.bind;
  at.set_port(options_.port);
  std::optional<Listener> listener;
  try {
    listener = Listener::open(at);
  } catch (const Error& e) {
    line(std::string("Error, ") + e.what());
    return true;
  }
  line(waiting_line(listener->local().port()));
  std::optional<TimePoint> deadline;
  if (options_.wait_for_sender) deadline = clock_.now() + *options_.wait_for_sender;
  // One exchange per receive, like the lab's program: the first sender to finish ends
  // it (a dribbling one cannot hold it; the others are closed without a receipt).
  net::Outcome end;
  try {
    end = receive_messages(
        *listener, options_.receive, deadline,
        [&](const Received& received) {
          for (const auto& text : received_lines(received)) line(text);
          if (received.received()) ++summary_.received;
          return false;
        },
        clock_);
  } catch (const Error&) {
    line("Error, could not accept a sender.");
    return true;
  }
  if (end == net::Outcome::kInterrupted) {
    summary_.interrupted = true;
    return false;
  }
  if (end == net::Outcome::kTimeout) line("No sender came; back to the menu.");
  return true;
}

CommunicatorSummary Communicator::run() {
  show_menu();
  for (;;) {
    auto choice = ask("Enter option: ");
    if (!choice) break;
    auto option = parse_menu_option(*choice);
    if (!option) {
      line("Error, invalid input");
      continue;
    }
    if (*option == MenuOption::kExit) break;
    bool go_on = *option == MenuOption::kSend ? send() : receive();
    if (!go_on) break;
    line("");
    show_menu();
  }
  line("");
  line("Goodbye!");
  return summary_;
}

}  // namespace sockscope::message
