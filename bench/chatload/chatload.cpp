// Bench-only. The load client behind bench/chat: one thread, one epoll set, the same
// client for `sockscope chat server` (newline-delimited JSON frames) and `ncat --chat`
// (raw lines), so that only the server differs.
//
//   chatload --port P [--host 127.0.0.1] [--proto chat|raw] [--clients 500] [--senders 10]
//            [--rate R] [--window 4] [--seconds 3] [--warmup 1] [--sources 8]
//            [--server-pid PID] [--stalled N] [--flood R] [--password PW] [--text-bytes 40]
//            [--hold-idle S]
//
//   --proto chat  logs each client in ({"type":"login"}; with --password it registers
//                 first and logs in when the name is taken) and waits for "ok".
//   --proto raw   connects only (ncat --chat has no login) and waits a moment.
//   Senders are clients 0..K-1; each message text is "@@<send time, us>:<sender>" padded to
//   --text-bytes. Every line a logged-in client receives during the measured seconds is
//   one delivery; every 8th client (and the observer) parses each line: its latency is
//   receive time - send time (one process, one steady clock), and a line without a whole
//   "@@<digits>:<sender>" is counted as broken (ncat cuts lines per recv() chunk).
//   --rate R      open loop: R messages/s into the room, spread over the senders
//                 ("100,1000": each rate in turn over the same clients).
//   --rate 0      closed loop: each sender keeps at most --window messages that the last
//                 client (never a sender) has not received yet: the most the server can
//                 deliver without queues growing.
//   --stalled N   N more clients that log in and then never read again (4 KiB receive
//                 buffer, so the server meets the full window within the run).
//   --flood R     R login attempts/s, wrong password, from one source address
//                 (127.0.0.250), each on a new connection closed after its answer or 1 s.
//   --sources M   clients bind to 127.0.0.2 .. 127.0.0.(M+1) in turn (past the ephemeral
//                 port limit of one address); inside a private namespace only.
//   --server-pid  the server's CPU time (utime + stime from /proc) over the measured
//                 seconds, printed per delivery.
//   --hold-idle S connect and log in the clients, print "ready N", then hold them (reading)
//                 until stdin closes or S seconds pass; for RSS per idle client.
//   --ready-pause S  print "ready N" once logged in and quiet, stay idle S seconds (the
//                 server's RSS per idle client is read then), then measure.
//   --repeat R    measure R times over the same clients, one result line each.
//   --ramp-p99 MS with a --rate list: stop after two rates in a row the server did not keep
//                 up with (p99 >= MS, or under 97% of the expected deliveries arrived).
//
// Prints one line per measurement: "offered R clients N senders K sent S delivered D seconds T rate
// R p50_ms A p99_ms B cpu_us_per_delivery C broken X flood F stalled_closed Y kept_pct K
// unnamed_pct U" (kept_pct: delivered / (sent x (clients - 1)); unnamed_pct: of the parsed
// raw deliveries, those without ncat's "<userN> " sender name). Bounded: setup has
// a deadline, the run ends after --warmup + --seconds; exit 1 on failure.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string proto = "chat";
  int clients = 500;
  int senders = 10;
  double rate = 0;
  std::vector<double> rates;
  int window = 4;
  double seconds = 3;
  double warmup = 1;
  int sources = 8;
  long server_pid = 0;
  int stalled = 0;
  double flood = 0;
  std::string password;
  int text_bytes = 40;
  double hold_idle = 0;
  double ready_pause = 0;
  int repeat = 1;
  double ramp_p99_ms = 1e18;  // --ramp-p99: stop a --rate list at the first step missed
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "chatload: %s\n", what.c_str());
  std::exit(1);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) die("missing value for " + std::string(flag));
    const char* v = argv[++i];
    if (flag == "--host")
      a.host = v;
    else if (flag == "--port")
      a.port = std::atoi(v);
    else if (flag == "--proto")
      a.proto = v;
    else if (flag == "--clients")
      a.clients = std::atoi(v);
    else if (flag == "--senders")
      a.senders = std::atoi(v);
    else if (flag == "--rate") {
      // One rate, or a comma list measured in turn over the same clients.
      std::string list = v;
      for (std::size_t at = 0; at <= list.size();) {
        std::size_t comma = list.find(',', at);
        if (comma == std::string::npos) comma = list.size();
        a.rates.push_back(std::atof(list.substr(at, comma - at).c_str()));
        at = comma + 1;
      }
      a.rate = a.rates.front();
    } else if (flag == "--ramp-p99")
      a.ramp_p99_ms = std::atof(v);
    else if (flag == "--window")
      a.window = std::atoi(v);
    else if (flag == "--seconds")
      a.seconds = std::atof(v);
    else if (flag == "--warmup")
      a.warmup = std::atof(v);
    else if (flag == "--sources")
      a.sources = std::atoi(v);
    else if (flag == "--server-pid")
      a.server_pid = std::atol(v);
    else if (flag == "--stalled")
      a.stalled = std::atoi(v);
    else if (flag == "--flood")
      a.flood = std::atof(v);
    else if (flag == "--password")
      a.password = v;
    else if (flag == "--text-bytes")
      a.text_bytes = std::atoi(v);
    else if (flag == "--hold-idle")
      a.hold_idle = std::atof(v);
    else if (flag == "--ready-pause")
      a.ready_pause = std::atof(v);
    else if (flag == "--repeat")
      a.repeat = std::atoi(v);
    else
      die("unknown option " + std::string(flag));
  }
  if (a.port <= 0 || a.port > 65535) die("bad --port");
  if (a.proto != "chat" && a.proto != "raw") die("--proto is chat or raw");
  if (a.clients < 2 || a.clients > 60000) die("bad --clients (2-60000)");
  if (a.senders < 1 || a.senders >= a.clients) die("bad --senders (1 to clients-1)");
  if (a.rate < 0 || a.rate > 1e6 || a.window < 1 || a.window > 1000) die("bad --rate/--window");
  if (a.seconds <= 0 || a.seconds > 600 || a.warmup < 0 || a.warmup > 60) die("bad duration");
  if (a.sources < 1 || a.sources > 200) die("bad --sources (1-200)");
  if (a.stalled < 0 || a.stalled > 100 || a.flood < 0 || a.flood > 100000) die("bad load");
  if (a.text_bytes < 24 || a.text_bytes > 4000) die("bad --text-bytes (24-4000)");
  if (a.hold_idle < 0 || a.hold_idle > 3600) die("bad --hold-idle");
  if (a.ready_pause < 0 || a.ready_pause > 600 || a.repeat < 1 || a.repeat > 100)
    die("bad --ready-pause/--repeat");
  return a;
}

void raise_fd_limit(int needed) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  rlim_t want = static_cast<rlim_t>(needed) + 64;
  if (lim.rlim_cur >= want) return;
  lim.rlim_cur = want;
  if (lim.rlim_max < want) lim.rlim_max = want;
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) die("cannot raise the descriptor limit");
}

std::int64_t now_us(Clock::time_point epoch) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - epoch).count();
}

long cpu_ticks(long pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = all.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(all.substr(close + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::atol(f.c_str());
    if (i == 15) stime = std::atol(f.c_str());
  }
  return utime + stime;
}

// Latency histogram: 10 us buckets up to 10 s.
struct Histogram {
  std::vector<std::uint32_t> buckets = std::vector<std::uint32_t>(1000001, 0);
  std::uint64_t count = 0;
  void add(std::int64_t us) {
    auto b = static_cast<std::size_t>(std::clamp<std::int64_t>(us / 10, 0, 1000000));
    ++buckets[b];
    ++count;
  }
  double quantile_ms(double q) const {
    if (count == 0) return 0;
    auto want = static_cast<std::uint64_t>(q * static_cast<double>(count));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      seen += buckets[b];
      if (seen > want) return static_cast<double>(b) * 0.01 + 0.005;
    }
    return 10000;
  }
};

enum class State { kConnecting, kLoggingIn, kReady, kClosed };

struct Client {
  int fd = -1;
  State state = State::kConnecting;
  bool registering = false;
  bool reads = true;    // a stalled client stops reading once logged in
  bool sampled = true;  // parses every line for its latency; others count lines only
  int outstanding = 0;
  Clock::time_point last_ack{};  // closed loop: a lost message must not stall a sender
  std::string carry;             // a partial line
};

class Load {
 public:
  explicit Load(Args a) : a_(std::move(a)), epoch_(Clock::now()) {
    to_.sin_family = AF_INET;
    to_.sin_port = htons(static_cast<std::uint16_t>(a_.port));
    if (inet_pton(AF_INET, a_.host.c_str(), &to_.sin_addr) != 1) die("bad --host " + a_.host);
    ep_ = ::epoll_create1(EPOLL_CLOEXEC);
    buf_.resize(256 * 1024);
  }

  int run();

 private:
  void measure();
  int open_socket(const char* source, bool small_buffer = false);
  void start_login(std::size_t i);
  void on_readable(std::size_t i);
  void on_line(std::size_t i, std::string_view line);
  void send_message(std::size_t sender);
  void flood_tick(std::int64_t now, double elapsed_ms);
  void on_flood_event(int fd);
  void setup();
  void pump(int timeout_ms);

  Args a_;
  Clock::time_point epoch_;
  sockaddr_in to_{};
  int ep_ = -1;
  std::vector<char> buf_;
  std::vector<Client> clients_;
  std::size_t observer_ = 0;
  std::size_t ready_ = 0;
  bool measuring_ = false;
  std::uint64_t sent_ = 0, delivered_ = 0, broken_ = 0, stalled_closed_ = 0, seen_ = 0;
  std::uint64_t sampled_ = 0, unnamed_ = 0;  // parsed deliveries; raw ones without "<userN> "
  bool last_kept_up_ = true;
  std::uint64_t bytes_seen_ = 0;
  Histogram hist_;
  // Flood connections: fd -> opened at (us); their epoll data is fd | 1 << 62.
  std::vector<std::pair<int, std::int64_t>> flood_;
  std::uint64_t flood_attempts_ = 0, flood_answers_ = 0;
  double flood_due_ = 0;
};

int Load::open_socket(const char* source, bool small_buffer) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) die(std::string("socket: ") + std::strerror(errno));
  if (small_buffer) {  // a stalled client: its window closes after a few KiB
    int size = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
  if (source != nullptr) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source, &from.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) < 0)
      die(std::string("bind ") + source + ": " + std::strerror(errno));
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to_), sizeof(to_)) < 0 && errno != EINPROGRESS)
    die(std::string("connect: ") + std::strerror(errno));
  return fd;
}

void Load::start_login(std::size_t i) {
  Client& c = clients_[i];
  if (a_.proto == "raw") {
    c.state = State::kReady;
    ++ready_;
    return;
  }
  std::string frame =
      a_.password.empty() ? R"({"type":"login","user":"c)" : R"({"type":"register","user":"c)";
  frame += std::to_string(i);
  if (!a_.password.empty()) {
    c.registering = true;
    frame += R"(","password":")";
    frame += a_.password;
  }
  frame += "\"}\n";
  ::send(c.fd, frame.data(), frame.size(), MSG_NOSIGNAL);
  c.state = State::kLoggingIn;
}

void Load::on_line(std::size_t i, std::string_view line) {
  Client& c = clients_[i];
  if (c.state == State::kLoggingIn) {
    if (line.find(R"("type":"ok")") != std::string_view::npos) {
      c.state = State::kReady;
      ++ready_;
      if (!c.reads) {
        epoll_event ev{};
        ev.data.u64 = i;
        ::epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);  // stalled: never read again
      }
    } else if (c.registering && line.find("user_exists") != std::string_view::npos) {
      c.registering = false;
      std::string frame = R"({"type":"login","user":"c)";
      frame += std::to_string(i);
      frame += R"(","password":")";
      frame += a_.password;
      frame += "\"}\n";
      ::send(c.fd, frame.data(), frame.size(), MSG_NOSIGNAL);
    } else if (line.find(R"("type":"error")") != std::string_view::npos) {
      die("login of client " + std::to_string(i) + " refused: " + std::string(line));
    }
    return;
  }
  auto at = line.find("@@");
  if (at == std::string_view::npos) return;  // presence, announcements, history
  std::int64_t sent = 0;
  std::size_t p = at + 2;
  while (p < line.size() && line[p] >= '0' && line[p] <= '9') sent = sent * 10 + (line[p++] - '0');
  std::size_t q = p + 1;
  std::size_t sender = 0;
  bool ok = p < line.size() && line[p] == ':' && q < line.size();
  while (ok && q < line.size() && line[q] >= '0' && line[q] <= '9')
    sender = sender * 10 + static_cast<std::size_t>(line[q++] - '0');
  if (!ok || sender >= static_cast<std::size_t>(a_.senders)) {
    if (measuring_) ++broken_;
    return;
  }
  ++seen_;
  if (measuring_) {
    ++delivered_;
    ++sampled_;
    // ncat --chat names the sender once per recv() chunk: the other lines of the chunk
    // arrive whole but without a name.
    if (a_.proto == "raw" && !line.starts_with("<user")) ++unnamed_;
    hist_.add(now_us(epoch_) - sent);
  }
  if (i == observer_ && a_.rate == 0) {
    Client& s = clients_[sender];
    if (s.outstanding > 0) --s.outstanding;
    s.last_ack = Clock::now();
    if (s.state == State::kReady && s.outstanding < a_.window) send_message(sender);
  }
}

void Load::send_message(std::size_t sender) {
  Client& s = clients_[sender];
  // Appended piece by piece (GCC 12 warns falsely on chains of operator+ here).
  std::string text = "@@";
  text += std::to_string(now_us(epoch_));
  text += ':';
  text += std::to_string(sender);
  text += ':';
  if (text.size() < static_cast<std::size_t>(a_.text_bytes))
    text.append(static_cast<std::size_t>(a_.text_bytes) - text.size(), 'x');
  std::string line;
  if (a_.proto == "chat") line = R"({"type":"say","text":")";
  line += text;
  if (a_.proto == "chat") line += "\"}";
  line += '\n';
  ssize_t w = ::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL);
  if (w != static_cast<ssize_t>(line.size())) {
    if (w < 0 && errno == EAGAIN) return;  // the server does not read this sender: skip
    die("send to the server failed");
  }
  ++s.outstanding;
  if (measuring_) ++sent_;
}

void Load::on_readable(std::size_t i) {
  Client& c = clients_[i];
  for (int rounds = 0; rounds < 4; ++rounds) {
    ssize_t r = ::recv(c.fd, buf_.data(), buf_.size(), 0);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
      if (!c.reads) {  // the server let go of the stalled client: expected
        ++stalled_closed_;
        ::close(c.fd);
        c.state = State::kClosed;
        return;
      }
      die("the server closed client " + std::to_string(i) +
          (r < 0 ? std::string(": ") + std::strerror(errno) : ""));
    }
    if (r < 0) return;
    bytes_seen_ += static_cast<std::uint64_t>(r);
    std::string_view data(buf_.data(), static_cast<std::size_t>(r));
    if (!c.sampled && c.state == State::kReady) {
      // Once logged in, a client that is not sampled only counts lines: what the room
      // sends then is room messages (the setup's presence traffic has drained), and the
      // load client must not be what limits the rate it measures.
      auto lines = static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\n'));
      seen_ += lines;
      if (measuring_) delivered_ += lines;
      if (static_cast<std::size_t>(r) < buf_.size()) return;
      continue;
    }
    while (!data.empty()) {
      auto nl = data.find('\n');
      if (nl == std::string_view::npos) {
        c.carry.append(data);
        if (c.carry.size() > 1 << 20) die("a line past 1 MiB");
        break;
      }
      if (!c.carry.empty()) {
        c.carry.append(data.substr(0, nl));
        std::string line;
        line.swap(c.carry);
        on_line(i, line);
      } else {
        on_line(i, data.substr(0, nl));
      }
      data.remove_prefix(nl + 1);
    }
    if (static_cast<std::size_t>(r) < buf_.size()) return;
  }
}

void Load::flood_tick(std::int64_t now, double elapsed_ms) {
  // Close flood connections older than 1 s.
  std::size_t kept = 0;
  for (auto& f : flood_) {
    if (now - f.second > 1000000) {
      ::close(f.first);
    } else {
      flood_[kept++] = f;
    }
  }
  flood_.resize(kept);
  flood_due_ += a_.flood * elapsed_ms / 1000.0;
  while (flood_due_ >= 1) {
    flood_due_ -= 1;
    if (flood_.size() > 5000) continue;
    int fd = open_socket("127.0.0.250");
    // Queued until the connect completes: the kernel sends it after the handshake.
    flood_.push_back({fd, now});
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.u64 = (std::uint64_t{1} << 62) | static_cast<std::uint64_t>(fd);
    ::epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
  }
}

void Load::on_flood_event(int fd) {
  auto it = std::find_if(flood_.begin(), flood_.end(), [fd](auto& f) { return f.first == fd; });
  if (it == flood_.end()) return;
  char tmp[4096];
  ssize_t r = ::recv(fd, tmp, sizeof(tmp), 0);
  if (r < 0 && errno == EAGAIN) {  // connected: send the attempt
    std::string frame = R"({"type":"login","user":"intruder","password":"wrong-password-)";
    frame += std::to_string(flood_attempts_);
    frame += "\"}\n";
    if (::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL) > 0) ++flood_attempts_;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = (std::uint64_t{1} << 62) | static_cast<std::uint64_t>(fd);
    ::epoll_ctl(ep_, EPOLL_CTL_MOD, fd, &ev);
    return;
  }
  if (r > 0) ++flood_answers_;
  ::close(fd);
  flood_.erase(it);
}

void Load::pump(int timeout_ms) {
  epoll_event events[512];
  int n = ::epoll_wait(ep_, events, 512, timeout_ms);
  if (n < 0 && errno != EINTR) die("epoll_wait failed");
  for (int k = 0; k < n; ++k) {
    std::uint64_t d = events[k].data.u64;
    if (d >> 62) {
      on_flood_event(static_cast<int>(d & 0xffffffff));
      continue;
    }
    Client& c = clients_[d];
    if (c.state == State::kClosed) continue;
    if (c.state == State::kConnecting) {
      int err = 0;
      socklen_t len = sizeof(err);
      ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) die(std::string("connect: ") + std::strerror(err));
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = d;
      ::epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
      start_login(d);
      continue;
    }
    if (c.reads || c.state == State::kLoggingIn) on_readable(d);
  }
}

void Load::setup() {
  std::size_t total = static_cast<std::size_t>(a_.clients + a_.stalled);
  raise_fd_limit(static_cast<int>(total) + 6000);
  clients_.resize(total);
  observer_ = static_cast<std::size_t>(a_.clients - 1);
  auto deadline = Clock::now() + std::chrono::seconds(300);
  // Connections in flight at once, so no listen queue overflows. ncat listens with a
  // backlog of 10 and accepts one client per select() round: past that the kernel drops
  // the final ACK (syncookies) and a client that believes it is connected is not, so raw
  // mode connects 8 at a time with a pause between.
  const std::size_t batch = a_.proto == "raw" ? 8 : 200;
  std::size_t opened = 0;
  std::vector<std::string> sources;
  for (int s = 0; s < a_.sources; ++s) sources.push_back("127.0.0." + std::to_string(2 + s));
  while (ready_ < total) {
    if (Clock::now() > deadline)
      die("only " + std::to_string(ready_) + " of " + std::to_string(total) +
          " clients logged in within 300 s");
    if (a_.proto == "raw" && opened > 0 && opened < total) {
      for (auto pause = Clock::now() + std::chrono::milliseconds(15); Clock::now() < pause;)
        pump(5);
    }
    for (std::size_t started = 0; opened < total && opened - ready_ < batch && started < batch;
         ++started) {
      Client& c = clients_[opened];
      c.reads = opened < static_cast<std::size_t>(a_.clients);
      // Every 8th client (and the observer, whose lines pace the closed loop) reads each
      // line for its latency and checks it is whole.
      c.sampled = opened % 8 == 0 || opened == observer_;
      c.fd = open_socket(sources[opened % sources.size()].c_str(), !c.reads);
      epoll_event ev{};
      ev.events = EPOLLOUT;
      ev.data.u64 = opened;
      ::epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
      ++opened;
    }
    pump(10);
  }
  if (a_.proto == "raw") {  // no login answer to wait for: let the server register everyone
    auto until = Clock::now() + std::chrono::milliseconds(500 + total / 2);
    while (Clock::now() < until) pump(10);
  }
}

int Load::run() {
  setup();
  // Let the presence traffic of the logins drain before anything is measured: until
  // nothing arrived for 1 s (10,000 logins send each client 10,000 joins; at most 300 s).
  {
    auto give_up = Clock::now() + std::chrono::seconds(300);
    auto last_change = Clock::now();
    std::uint64_t last_bytes = bytes_seen_;
    while (Clock::now() - last_change < std::chrono::seconds(1)) {
      if (Clock::now() > give_up) die("the login traffic did not drain within 300 s");
      pump(10);
      if (bytes_seen_ != last_bytes) {
        last_bytes = bytes_seen_;
        last_change = Clock::now();
      }
    }
  }
  if (a_.hold_idle > 0) {
    std::printf("ready %zu\n", ready_);
    std::fflush(stdout);
    auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(a_.hold_idle));
    pollfd in{0, POLLIN, 0};
    while (Clock::now() < until) {
      pump(0);
      if (::poll(&in, 1, 50) > 0) {
        char ch;
        if (::read(0, &ch, 1) <= 0) break;
      }
    }
    return 0;
  }
  if (a_.ready_pause > 0) {
    std::printf("ready %zu\n", ready_);
    std::fflush(stdout);
    auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(a_.ready_pause));
    while (Clock::now() < until) pump(10);
  }
  if (a_.rates.empty()) a_.rates.push_back(a_.rate);
  int misses = 0;
  for (double rate : a_.rates) {
    a_.rate = rate;
    for (int r = 0; r < a_.repeat; ++r) measure();
    // A ramp (--ramp-p99): two steps missed in a row end it (past its capacity a server's
    // backlog spoils every later step; one miss alone may be the machine's noise).
    misses = last_kept_up_ ? 0 : misses + 1;
    if (a_.ramp_p99_ms < 1e9 && misses >= 2) break;
  }
  return 0;
}

void Load::measure() {
  measuring_ = false;
  sent_ = delivered_ = broken_ = sampled_ = unnamed_ = 0;
  hist_ = Histogram();
  auto start = Clock::now();
  auto measure_at =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a_.warmup));
  auto end = measure_at +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a_.seconds));
  if (a_.rate == 0) {
    for (int s = 0; s < a_.senders; ++s) {
      clients_[static_cast<std::size_t>(s)].last_ack = Clock::now();
      for (int w = 0; w < a_.window; ++w) send_message(static_cast<std::size_t>(s));
    }
  }
  long ticks0 = 0;
  Clock::time_point measured_from{};
  double due = 0;
  std::size_t next_sender = 0;
  auto last_tick = Clock::now();
  for (;;) {
    auto now = Clock::now();
    if (!measuring_ && now >= measure_at) {
      measuring_ = true;
      ticks0 = cpu_ticks(a_.server_pid);
      measured_from = now;
    }
    if (now >= end) break;
    if (now - last_tick >= std::chrono::milliseconds(1)) {
      double ms = std::chrono::duration<double, std::milli>(now - last_tick).count();
      last_tick = now;
      if (a_.rate > 0) {
        due += a_.rate * ms / 1000.0;
        while (due >= 1) {
          due -= 1;
          send_message(next_sender);
          next_sender = (next_sender + 1) % static_cast<std::size_t>(a_.senders);
        }
      }
      if (a_.flood > 0) flood_tick(now_us(epoch_), ms);
      if (a_.rate == 0) {
        // A message the observer never got whole (ncat cuts lines per recv chunk) would
        // hold its sender's window forever: after 1 s without an answer, start again.
        for (int s = 0; s < a_.senders; ++s) {
          Client& c = clients_[static_cast<std::size_t>(s)];
          if (now - c.last_ack > std::chrono::seconds(1)) {
            c.last_ack = now;
            c.outstanding = 0;
            for (int w = 0; w < a_.window; ++w) send_message(static_cast<std::size_t>(s));
          }
        }
      }
    }
    pump(1);
  }
  long ticks1 = cpu_ticks(a_.server_pid);
  double elapsed = std::chrono::duration<double>(Clock::now() - measured_from).count();
  double cpu_us =
      static_cast<double>(ticks1 - ticks0) * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
  // Every message is for every other (reading) client: how much of that arrived in time.
  double expected = static_cast<double>(sent_) * (a_.clients - 1);
  double kept_pct = expected > 0 ? 100.0 * static_cast<double>(delivered_) / expected : 0.0;
  double p99 = hist_.quantile_ms(0.99);
  last_kept_up_ = kept_pct >= 97.0 && p99 < a_.ramp_p99_ms;
  std::printf(
      "offered %.0f clients %d senders %d sent %llu delivered %llu seconds %.3f rate %.0f p50_ms "
      "%.3f p99_ms "
      "%.3f "
      "cpu_us_per_delivery %.3f broken %llu flood %llu flood_answers %llu stalled_closed %llu "
      "kept_pct %.1f unnamed_pct %.1f\n",
      a_.rate, a_.clients, a_.senders, static_cast<unsigned long long>(sent_),
      static_cast<unsigned long long>(delivered_), elapsed,
      static_cast<double>(delivered_) / elapsed, hist_.quantile_ms(0.5), hist_.quantile_ms(0.99),
      delivered_ ? cpu_us / static_cast<double>(delivered_) : 0.0,
      static_cast<unsigned long long>(broken_), static_cast<unsigned long long>(flood_attempts_),
      static_cast<unsigned long long>(flood_answers_),
      static_cast<unsigned long long>(stalled_closed_), kept_pct,
      sampled_ ? 100.0 * static_cast<double>(unnamed_) / static_cast<double>(sampled_) : 0.0);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  Load load(std::move(a));
  return load.run();
}
