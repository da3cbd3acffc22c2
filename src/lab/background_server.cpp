#include "lab/background_server.h"

#include <condition_variable>
#include <exception>
#include <utility>

#include "core/error.h"
#include "serve/server_lines.h"

namespace sockscope::lab {

class BackgroundServer::Events final : public serve::ServerEvents {
 public:
  explicit Events(bool tcp) : tcp_(tcp) {}

  void on_listening(const net::Endpoint& local) override {
    std::lock_guard lock(mutex_);
    local_ = local;
    listening_ = true;
    changed_.notify_all();
  }
  void on_accepted(const net::Endpoint& peer) override { add(serve::accepted_line(peer)); }
  void on_received(const net::Endpoint& peer, std::string_view bytes) override {
    add(serve::received_line(peer, bytes, tcp_));
  }
  void failed(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    error_ = std::move(error);
    changed_.notify_all();
  }
  // Waits until listening or failed; rethrows a failure.
  net::Endpoint wait_listening(Duration timeout) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [this] { return listening_ || error_; })) {
      throw Error(ExitCode::kInternal, "a lab server did not start in time");
    }
    if (error_) std::rethrow_exception(error_);
    return local_;
  }
  std::vector<std::string> take(std::size_t at_least, Duration wait) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [&] { return log_.size() >= at_least; });
    return std::exchange(log_, {});
  }

 private:
  void add(std::string line) {
    std::lock_guard lock(mutex_);
    if (log_.size() < 1000) log_.push_back(std::move(line));
    changed_.notify_all();
  }

  bool tcp_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool listening_ = false;
  std::exception_ptr error_;
  net::Endpoint local_;
  std::vector<std::string> log_;
};

BackgroundServer::BackgroundServer(serve::ServeOptions options, Duration start_timeout)
    : events_(std::make_unique<Events>(options.transport == net::Transport::kTcp)),
      transport_(options.transport) {
  options.handle_signals = false;  // the lab owns Ctrl-C; we stop through stop_
  thread_ = std::thread([this, options] {
    try {
      serve::run_server(options, *events_, &stop_);
    } catch (...) {
      events_->failed(std::current_exception());
    }
  });
  try {
    local_ = events_->wait_listening(start_timeout);
  } catch (...) {
    stop_ = true;
    thread_.join();
    throw;
  }
}

BackgroundServer::~BackgroundServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> BackgroundServer::take_log(std::size_t at_least, Duration wait) {
  return events_->take(at_least, wait);
}

}  // namespace sockscope::lab
