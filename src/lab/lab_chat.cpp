#include "lab/lab_chat.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "capture/display_filter.h"
#include "capture/packet_stream.h"
#include "chat/chat_client.h"
#include "chat/chat_server.h"
#include "core/error.h"
#include "fmt/format.h"
#include "lab/lab_capture_answers.h"
#include "net/fd.h"

namespace sockscope::lab {
namespace {

constexpr const char* kRoomText = "hello room from alice";
constexpr const char* kDirectText = "hello bob, straight over UDP";

// Lines a client or the server printed, in the order they came, with a wait for one.
class Lines {
 public:
  void add(std::string prefix, const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(std::move(prefix) + line);
    changed_.notify_all();
  }
  // Waits until `count` lines hold `text`.
  bool wait_for(const std::string& text, Duration limit, std::size_t count = 1) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, limit, [&] {
      std::size_t n = 0;
      for (const auto& l : lines_)
        if (l.find(text) != std::string::npos) ++n;
      return n >= count;
    });
  }
  std::vector<std::string> all() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
};

// A chat client on a thread, reading its commands from a pipe the lab writes.
class LabClient {
 public:
  LabClient(const std::string& label, const std::string& user, const std::string& password,
            const std::string& address, bool register_first, Lines& lines, std::uint16_t udp_port) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw system_error("pipe", errno);
    read_.reset(fds[0]);
    write_.reset(fds[1]);
    options_.host = "127.0.0.1";
    options_.port = kChatLabPort;
    options_.user = user;
    options_.password = password;
    options_.register_first = register_first;
    options_.bind = address;
    options_.udp_port = udp_port;
    options_.drain = std::chrono::milliseconds(200);
    std::string prefix = fmt::format("{:<8}| ", label);
    output_.out = [&lines, prefix](const std::string& l) { lines.add(prefix, l); };
    output_.notice = [&lines, prefix](const std::string& l) { lines.add(prefix, l); };
    thread_ = std::thread([this] {
      try {
        end_ = chat::run_chat_client(options_, read_.get(), output_);
      } catch (const std::exception&) {
        end_ = chat::ClientEnd::kLost;
      }
    });
  }
  ~LabClient() { finish(); }
  void type(const std::string& line) {
    std::string l = line + "\n";
    (void)!::write(write_.get(), l.data(), l.size());
  }
  chat::ClientEnd finish() {
    write_.reset();  // end of input: the client drains and leaves
    if (thread_.joinable()) thread_.join();
    return end_;
  }

 private:
  net::UniqueFd read_, write_;
  chat::ChatClientOptions options_;
  chat::ChatClientOutput output_;
  chat::ClientEnd end_ = chat::ClientEnd::kLost;
  std::thread thread_;
};

bool run_chat_lab(LabState& s, Transcript& t) {
  Lines lines;
  std::atomic<bool> stop{false};
  chat::ChatServerOptions options;
  options.bind = net::parse_bind_address(s.host.address_string(), kChatLabPort);
  options.db_path = s.files ? s.files->create("chat.db") : std::string(":memory:");
  options.stop = &stop;
  std::atomic<bool> listening{false};
  chat::ChatServerEvents events;
  events.on_listening = [&](const net::Endpoint& at) {
    lines.add("server  | ", "chat server listening on " + at.to_string());
    listening = true;
  };
  events.log = [&](std::string line) { lines.add("server  | ", line); };
  std::string server_error;
  std::thread server([&] {
    try {
      chat::run_chat_server(options, events);
    } catch (const std::exception& e) {
      server_error = e.what();
    }
  });
  struct Joiner {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~Joiner() {
      stop = true;
      if (thread.joinable()) thread.join();
    }
  } joiner{stop, server};
  for (int i = 0; i < 100 && !listening && server_error.empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!listening) {
    t.failed("the chat server did not start: " + server_error);
    return false;
  }
  t.line(fmt::format("$ sockscope chat server --bind {} --port {} --db chat.db",
                     s.host.address_string(), kChatLabPort));
  t.line("$ sockscope chat client 127.0.0.1 --user alice --bind 127.0.0.2 --register ...");
  t.line("$ sockscope chat client 127.0.0.1 --user bob   --bind 127.0.0.3 --register ...");
  t.line("(then both log in again with --udp-port 5000, alice talks, and 127.0.0.4 tries bob's");
  t.line(" account with a wrong password)");
  auto wait = 4 * s.timeout;
  bool ok = true;
  {
    // Registration: the first chat connection (the one 4.1 asks about) is alice's.
    LabClient alice_reg("alice", "alice", "alice-lab-password", "127.0.0.2", true, lines, 0);
    ok = ok && lines.wait_for("alice   | * logged in as alice", wait);
    alice_reg.finish();
    LabClient bob_reg("bob", "bob", "bob-lab-password", "127.0.0.3", true, lines, 0);
    ok = ok && lines.wait_for("bob     | * logged in as bob", wait);
    bob_reg.finish();
  }
  {
    LabClient bob("bob", "bob", "bob-lab-password", "127.0.0.3", false, lines, kChatLabPort);
    ok = ok && lines.wait_for("bob     | * logged in as bob", wait, 2);
    LabClient alice("alice", "alice", "alice-lab-password", "127.0.0.2", false, lines,
                    kChatLabPort);
    ok = ok && lines.wait_for("bob     | * alice joined", wait);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // alice's presence list
    alice.type("#ls");
    alice.type(kRoomText);
    alice.type(std::string("@bob: ") + kDirectText);
    ok = ok && lines.wait_for(std::string("[direct] alice: ") + kDirectText, wait);
    ok = ok && lines.wait_for(std::string("alice: ") + kRoomText, wait);
    alice.finish();
    bob.finish();
    // A failed login: someone on 127.0.0.4 tries bob's account with a wrong password.
    LabClient mallory("mallory", "bob", "not-bobs-password", "127.0.0.4", false, lines, 0);
    ok = ok && mallory.finish() == chat::ClientEnd::kRefused;
  }
  for (const auto& l : lines.all()) t.line(l);
  if (!ok) t.failed("expected two logins, the room message, the direct message and one refusal");
  return ok;
}

}  // namespace

bool udp_header_answers(const std::string& path, std::uint16_t port, const std::string& text,
                        Transcript& t) {
  capture::PacketStream stream(path);
  capture::DisplayFilter filter =
      capture::DisplayFilter::compile(fmt::format("udp.dstport == {}", port));
  capture::Packet p;
  while (stream.next(p)) {
    if (!filter.matches(p) || p.ip_proto != 17) continue;
    std::string payload(reinterpret_cast<const char*>(p.payload.data()), p.payload.size());
    if (payload.find(text) == std::string::npos) continue;
    t.line(
        fmt::format("$ sockscope read {} -Y 'udp.dstport == {}' -V   (Wireshark: ip.addr == "
                    "{} && udp)",
                    path.substr(path.rfind('/') + 1), port, p.src.to_string()));
    t.line(fmt::format("the direct message {} -> {}: \"{}\"", p.src.to_string(), p.dst.to_string(),
                       payload));
    t.line("User Datagram Protocol:");
    t.line(fmt::format("  Source Port: {}", p.udp.sport));
    t.line(fmt::format("  Destination Port: {}", p.udp.dport));
    t.line(fmt::format("  Length: {} (8 header bytes + {} payload bytes)", p.udp.length,
                       p.payload_len));
    t.line(fmt::format("  Checksum: 0x{:04x}", p.udp.checksum));
    t.line(
        "number_of_fields_in_UDP_header = 4      (source port, destination port, length, "
        "checksum)");
    t.line("length_of_header_field = 2               (bytes each: a header of 8 bytes)");
    t.line(
        "maximum_number_of_bytes_in_UDP_payload = 65507   (65535 - 8 UDP - 20 IPv4 header; "
        "the length field alone would allow 65527)");
    t.line("largest_possible_source_port_number = 65535   (a 16-bit field)");
    t.line(
        fmt::format("protocol_number_for_UDP = {}      (the IP header's protocol field in "
                    "this packet)",
                    static_cast<int>(p.ip_proto)));
    if (p.udp.length != 8 + p.payload_len) {
      t.failed("the UDP length field is not 8 + the payload's length");
      return false;
    }
    return true;
  }
  t.failed(fmt::format("no captured UDP datagram to port {} holds the direct message", port));
  return false;
}

Step chat_lab_step() {
  return {
      "Chat: a server, two clients, a room message, a direct UDP message, a failed login "
      "(lab 004)",
      run_chat_lab};
}

std::vector<Step> chat_capture_steps() {
  auto with_capture = [](std::string name, std::function<bool(LabState&, Transcript&)> run) {
    return Step{std::move(name), [run = std::move(run)](LabState& s, Transcript& t) {
                  if (s.capture_path.empty()) {
                    t.line("(no capture was running)");
                    return true;
                  }
                  return run(s, t);
                }};
  };
  return {
      with_capture("Chat: the first connection's SYN and SYN-ACK (lab 004, 4.1)",
                   [](LabState& s, Transcript& t) {
                     return flow_graph_absolute(s.capture_path, kChatLabPort, t);
                   }),
      with_capture("Chat: the UDP header of a direct message (lab 004, 4.2)",
                   [](LabState& s, Transcript& t) {
                     return udp_header_answers(s.capture_path, kChatLabPort, kDirectText, t);
                   }),
  };
}

}  // namespace sockscope::lab
