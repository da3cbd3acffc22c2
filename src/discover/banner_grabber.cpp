#include "discover/banner_grabber.h"

#include <sys/socket.h>

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <set>

#include "core/error.h"
#include "net/connector.h"
#include "net/stream.h"
#include "net/tls_stream.h"

namespace sockscope::discover {
namespace {

using namespace std::chrono_literals;

// What one probe brought back, on its own connection.
struct ProbeRun {
  bool connected = false;
  GrabStatus failure = GrabStatus::kError;  // !connected: why
  std::string reason;
  Reply reply;
  std::optional<TlsInfo> tls;
};

bool blank(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

GrabStatus status_of(net::Outcome s) {
  switch (s) {
    case net::Outcome::kRefused:
      return GrabStatus::kRefused;
    case net::Outcome::kTimeout:
      return GrabStatus::kTimeout;
    case net::Outcome::kUnreachable:
      return GrabStatus::kUnreachable;
    case net::Outcome::kInterrupted:
      return GrabStatus::kInterrupted;
    default:
      return GrabStatus::kError;
  }
}

// Probes running ahead on their own connections (see grab_banner): once the result
// before them has decided, cancel() cuts their reads short with shutdown(), so a grab
// never waits out a read whose answer it no longer needs.
class Cancel {
 public:
  // False when already cancelled: the caller drops the connection at once.
  bool watch(int fd) {
    std::lock_guard lock(mutex_);
    if (cancelled_) return false;
    fds_.insert(fd);
    return true;
  }
  void unwatch(int fd) {
    std::lock_guard lock(mutex_);
    fds_.erase(fd);
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  std::mutex mutex_;
  std::set<int> fds_;
  bool cancelled_ = false;
};

// The connections of one grab: the first one measures the round trip that scales every
// wait after it. Probes running ahead call connect() from their own threads.
class Session {
 public:
  Session(const GrabOptions& options, const Clock& clock) : options_(options), clock_(clock) {}

  // A connected descriptor, or a failed run saying why.
  net::UniqueFd connect(ProbeRun& run) {
    TimePoint start = clock_.now();
    net::HostConnectResult c =
        net::connect_to_host(options_.host, options_.port, options_.connect_timeout, clock_);
    if (!c.resolved) {
      run.failure = GrabStatus::kNameError;
      run.reason = "name_error: " + c.resolve_error;
      return {};
    }
    if (c.connection.outcome != net::Outcome::kOk) {
      run.failure = status_of(c.connection.outcome);
      run.reason = net::outcome_word(c.connection.outcome);
      return {};
    }
    {
      std::lock_guard lock(mutex_);
      if (!rtt_) rtt_ = clock_.now() - start;
    }
    run.connected = true;
    return std::move(c.connection.fd);
  }

  ReplyWaits waits() const { return reply_waits(rtt(), options_.probe_timeout); }
  Duration rtt() const {
    std::lock_guard lock(mutex_);
    return rtt_.value_or(0s);
  }
  const Clock& clock() const { return clock_; }
  const GrabOptions& options() const { return options_; }

 private:
  const GrabOptions& options_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::optional<Duration> rtt_;
};

// Sends `probe`'s payload (if any) and reads the reply. `cancel`: a probe running ahead.
ProbeRun plain_probe(Session& session, const ProbeDef& probe, Cancel* cancel = nullptr) {
  ProbeRun run;
  net::UniqueFd fd = session.connect(run);
  if (!run.connected) return run;
  if (cancel != nullptr && !cancel->watch(fd.get())) return run;  // no longer needed
  struct Unwatch {
    Cancel* cancel;
    int fd;
    ~Unwatch() {
      if (cancel != nullptr) cancel->unwatch(fd);
    }
  } unwatch{cancel, fd.get()};  // before the descriptor closes (declared after it)
  net::PlainStream stream(fd.get());
  ReplyWaits waits = session.waits();
  const ReadRule& rule = probe.payload.empty() ? waits.passive : waits.active;
  if (!probe.payload.empty()) {
    // A peer that closes at once fails the write; what it said before still counts.
    (void)stream.write_all(probe.payload, session.clock().now() + rule.first_wait);
  }
  run.reply = read_reply(stream, rule, session.clock());
  return run;
}

// The handshake on one connection (certificate and all), then the HTTP probe inside TLS
// on a second one through net::TlsStream.
ProbeRun tls_probe(Session& session, const FingerprintDb& db) {
  ProbeRun run;
  net::UniqueFd fd = session.connect(run);
  if (!run.connected) return run;
  ReplyWaits waits = session.waits();
  Duration budget = waits.active.first_wait;  // a handshake is one or two round trips
  run.tls = inspect_tls(fd.get(), session.options().host, session.clock().now() + budget);
  fd.reset();
  const ProbeDef* http = db.probe("http");
  if (!run.tls->ok || http == nullptr) return run;
  ProbeRun inner;
  net::UniqueFd second = session.connect(inner);
  if (!inner.connected) return run;
  net::IoResult failure;
  auto stream = net::TlsStream::handshake(second.get(), {session.options().host, false},
                                          session.clock().now() + budget, failure);
  if (!stream) return run;  // e.g. TLS below 1.2, which TlsStream does not speak
  (void)stream->write_all(http->payload, session.clock().now() + waits.active.first_wait);
  run.reply = read_reply(*stream, waits.active, session.clock());
  return run;
}

std::optional<ServiceMatch> match_reply(const FingerprintDb& db, const ProbeRun& run,
                                        const std::string& probe) {
  if (probe != "tls") return db.match(run.reply.bytes, probe);
  if (auto m = db.match(run.reply.bytes, "http")) return m;  // products first
  return db.match(run.reply.bytes, "tls");
}

void take(GrabResult& result, ProbeRun&& run, const std::string& probe,
          std::optional<ServiceMatch> match) {
  result.status = GrabStatus::kBanner;
  result.probe = probe;
  result.reply = std::move(run.reply.bytes);
  result.end = run.reply.end;
  result.match = std::move(match);
  if (run.tls) result.tls = std::move(run.tls);
}

const ProbeDef& tcp_probe(const FingerprintDb& db, const std::string& name) {
  const ProbeDef* p = db.probe(name);
  if (p == nullptr || p->transport != net::Transport::kTcp) {
    throw usage_error("unknown TCP probe '" + name +
                      "' (auto, http, smtp, generic, tls, or a probe of the fingerprint data)");
  }
  return *p;
}

}  // namespace

ReplyWaits reply_waits(Duration rtt, std::optional<Duration> override_wait) {
  Duration gap = std::clamp<Duration>(4 * rtt + 100ms, 100ms, 1s);
  ReplyWaits w;
  w.active = {override_wait.value_or(std::clamp<Duration>(10 * rtt + 500ms, 500ms, 5s)), gap, 2s,
              4096};
  w.passive = {override_wait.value_or(std::clamp<Duration>(4 * rtt + 300ms, 300ms, 3s)), gap, 2s,
               4096};
  return w;
}

bool is_printer_port(std::uint16_t port) {
  return port >= 9100 && port <= 9107;
}

std::vector<std::string> auto_probe_order(const FingerprintDb& db, std::uint16_t port,
                                          bool probe_printers) {
  if (is_printer_port(port) && !probe_printers) return {"passive"};
  std::vector<std::string> order = db.probes_first(port, net::Transport::kTcp);
  for (const char* p : {"http", "smtp", "passive", "tls"}) {
    if (std::find(order.begin(), order.end(), p) == order.end()) order.emplace_back(p);
  }
  return order;
}

GrabResult grab_banner(const GrabOptions& options, const FingerprintDb& db, const Clock& clock) {
  TimePoint start = clock.now();
  std::string asked = options.probe == "generic" ? "passive" : options.probe;
  std::vector<std::string> order;
  if (asked == "auto") {
    order = auto_probe_order(db, options.port, options.probe_printers);
  } else {
    if (asked != "tls") (void)tcp_probe(db, asked);
    order = {asked};
  }
  GrabResult result;
  if (asked == "auto" && is_printer_port(options.port) && !options.probe_printers) {
    result.notes.push_back("port " + std::to_string(options.port) +
                           " is a printer port (raw/JetDirect): a printer prints what it is "
                           "sent, so only a passive read was done; use --probe (banner) or "
                           "--allports (scan) to send one");
  }
  Session session(options, clock);
  // The lab's three plain probes cost a service little and answer independently: `auto`
  // runs them at once, each on its own connection, so a silent port costs the longest
  // wait, not their sum. Results are still taken in order (the first match wins, as
  // before); a port whose fingerprints ask for the passive read first (a greeting, as
  // SSH's) gets it alone first, so such a service is not sent text it did not ask for.
  Cancel cancel;
  std::map<std::string, std::future<ProbeRun>> ahead;
  struct CancelFirst {  // destroyed before `ahead`'s futures join: cut them short first
    Cancel& cancel;
    ~CancelFirst() { cancel.cancel(); }
  } cancel_first{cancel};
  auto run_ahead = [&](std::size_t from) {
    if (asked != "auto" || (from == 0 && order[0] == "passive")) return;
    for (std::size_t k = from; k < order.size(); ++k) {
      const std::string& p = order[k];
      if ((p != "http" && p != "smtp" && p != "passive") || ahead.count(p)) continue;
      const ProbeDef* def = db.probe(p);
      if (def == nullptr || def->transport != net::Transport::kTcp) continue;
      ahead.emplace(p, std::async(std::launch::async, [&session, def, &cancel] {
                      return plain_probe(session, *def, &cancel);
                    }));
    }
  };
  std::optional<GrabResult> unmatched;  // the first reply no fingerprint named
  bool any_reply = false;
  bool tls_done = false;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& probe = order[i];
    bool tls_fallback = probe == "tls" && asked == "auto" && i + 1 == order.size();
    if (tls_fallback && (any_reply || tls_done)) break;  // TLS is the last resort of silence
    if (probe == "tls" && tls_done) continue;
    result.tried.push_back(probe);
    if (probe == "http" || probe == "smtp" || probe == "passive") run_ahead(i);
    ProbeRun run;
    if (auto it = ahead.find(probe); it != ahead.end()) {
      run = it->second.get();
      ahead.erase(it);
    } else {
      run = probe == "tls" ? tls_probe(session, db) : plain_probe(session, tcp_probe(db, probe));
    }
    tls_done = tls_done || probe == "tls";
    if (!run.connected) {
      if (i == 0 || run.failure == GrabStatus::kInterrupted) {
        result.status = run.failure;
        result.reason = run.reason;
        break;
      }
      continue;
    }
    if (run.reply.end == ReadEnd::kInterrupted) {
      result.status = GrabStatus::kInterrupted;
      result.reason = "interrupted";
      break;
    }
    if (run.tls && !run.tls->ok && asked == "tls") result.tls = run.tls;
    if (blank(run.reply.bytes) && !(run.tls && run.tls->ok)) continue;
    any_reply = true;
    std::optional<ServiceMatch> match = match_reply(db, run, probe);
    if (match && match->service == "ssl" && !tls_done) {
      // A TLS alert in answer to plain text: look inside instead.
      result.tried.push_back("tls");
      ProbeRun inner = tls_probe(session, db);
      tls_done = true;
      if (inner.connected && inner.tls && inner.tls->ok) {
        std::optional<ServiceMatch> inside = match_reply(db, inner, "tls");
        take(result, std::move(inner), "tls", std::move(inside));
        break;
      }
    }
    if (match) {
      take(result, std::move(run), probe, std::move(match));
      break;
    }
    if (!unmatched) {
      unmatched.emplace();
      take(*unmatched, std::move(run), probe, std::nullopt);
    }
  }
  cancel.cancel();
  ahead.clear();  // joins the probes no longer needed, cut short
  if (result.status != GrabStatus::kBanner && unmatched && result.status == GrabStatus::kNothing) {
    unmatched->notes = result.notes;
    unmatched->tried = result.tried;
    result = std::move(*unmatched);
  }
  if (result.status == GrabStatus::kNothing) {
    std::string tried;
    for (const auto& p : result.tried) tried += (tried.empty() ? "" : ", ") + p;
    result.reason = "no reply to " + tried;
  }
  result.rtt = session.rtt();
  result.elapsed = clock.now() - start;
  return result;
}

}  // namespace sockscope::discover
