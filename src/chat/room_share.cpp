// ChatHandler's side of `--redis` (chat_handler.h: share_room and what follows): the
// payloads other servers of the room publish, and what this one publishes. One JSON
// object per publication (docs/chat-protocol.md, "Several servers"):
//   {"server":ID,"kind":"message","n":N,"from":..,"text":..,"time":..}
//   {"server":ID,"kind":"join","user":{"user":..,"address":..,"udp_port":..}}
//   {"server":ID,"kind":"leave","user":NAME}
//   {"server":ID,"kind":"hello"}         a server (re)joined: everyone answers with
//   {"server":ID,"kind":"roster","users":[...]}   its local users
//   {"server":ID,"kind":"gone"}          a server is stopping
// Everything comes from other sockscope servers, but it is still checked like peer input:
// a malformed payload is ignored.
#include <nlohmann/json.hpp>

#include "chat/chat_handler.h"

namespace sockscope::chat {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json entry_json(const PresenceEntry& e) {
  return {{"user", e.user}, {"address", e.address}, {"udp_port", e.udp_port}};
}

std::optional<PresenceEntry> entry_from(const json& j) {
  if (!j.is_object()) return std::nullopt;
  auto user = j.find("user");
  auto address = j.find("address");
  auto port = j.find("udp_port");
  if (user == j.end() || !user->is_string() || !username_problem(user->get<std::string>()).empty())
    return std::nullopt;
  PresenceEntry e{user->get<std::string>(), "", 0};
  if (address != j.end() && address->is_string()) e.address = address->get<std::string>();
  if (port != j.end() && port->is_number_unsigned() && port->get<std::uint64_t>() <= 65535)
    e.udp_port = static_cast<std::uint16_t>(port->get<std::uint64_t>());
  return e;
}

}  // namespace

void ChatHandler::share_room(RoomRelay* relay, std::string server_id) {
  relay_ = relay;
  server_id_ = std::move(server_id);
}

bool ChatHandler::relay_message(const std::string& from, const std::string& text) {
  if (relay_ == nullptr || !relay_->up()) return false;
  std::uint64_t n = next_publication_++;
  std::int64_t time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  json j = {{"server", server_id_}, {"kind", "message"}, {"n", n},
            {"from", from},         {"text", text},      {"time", time_ms}};
  if (!relay_->publish(dump(j))) return false;
  unechoed_.push_back({n, from, text, time_ms});
  return true;
}

void ChatHandler::relay_presence(bool join, const PresenceEntry& entry) {
  if (relay_ == nullptr || !relay_->up()) return;
  json j = {{"server", server_id_}, {"kind", join ? "join" : "leave"}};
  if (join) {
    j["user"] = entry_json(entry);
  } else {
    j["user"] = entry.user;
  }
  relay_->publish(dump(j));
}

void ChatHandler::publish_roster() {
  json users = json::array();
  for (const auto& [name, conn] : online_) {
    auto session = std::any_cast<std::shared_ptr<Session>>(conn->context());
    users.push_back(entry_json(entry_of(*conn, *session)));
  }
  relay_->publish(dump({{"server", server_id_}, {"kind", "roster"}, {"users", users}}));
}

std::vector<PresenceEntry> ChatHandler::remote_entries() const {
  std::vector<PresenceEntry> out;
  for (const auto& [server, users] : remote_) {
    for (const auto& [name, entry] : users) out.push_back(entry);
  }
  return out;
}

void ChatHandler::drop_remote(const std::string& server) {
  auto it = remote_.find(server);
  if (it == remote_.end()) return;
  auto users = std::move(it->second);
  remote_.erase(it);
  for (const auto& [name, entry] : users) broadcast(encode_presence_leave(name), nullptr);
}

void ChatHandler::on_relay_up() {
  // Ask the others who is on line there, and tell them who is here.
  relay_->publish(dump({{"server", server_id_}, {"kind", "hello"}}));
  publish_roster();
}

void ChatHandler::on_relay_down() {
  // What this server published but never saw come back is delivered here, so local
  // clients lose nothing; the other servers' users are no longer known.
  while (!unechoed_.empty()) {
    Unechoed u = std::move(unechoed_.front());
    unechoed_.pop_front();
    deliver(std::move(u.from), std::move(u.text), u.time_ms, true);
  }
  std::vector<std::string> servers;
  for (const auto& [server, users] : remote_) servers.push_back(server);
  for (const auto& server : servers) drop_remote(server);
}

void ChatHandler::relay_goodbye() {
  if (relay_ != nullptr && relay_->up())
    relay_->publish(dump({{"server", server_id_}, {"kind", "gone"}}));
}

void ChatHandler::on_relay_payload(std::string_view payload) {
  json j = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return;
  auto server_it = j.find("server");
  auto kind_it = j.find("kind");
  if (server_it == j.end() || !server_it->is_string() || kind_it == j.end() ||
      !kind_it->is_string())
    return;
  const std::string server = server_it->get<std::string>();
  const std::string kind = kind_it->get<std::string>();
  const bool mine = server == server_id_;
  if (kind == "message") {
    auto from = j.find("from");
    auto text = j.find("text");
    auto time = j.find("time");
    if (from == j.end() || !from->is_string() || text == j.end() || !text->is_string()) return;
    std::string t = text->get<std::string>();
    if (t.empty() || t.size() > kMaxTextBytes) return;
    std::int64_t time_ms =
        time != j.end() && time->is_number_integer() ? time->get<std::int64_t>() : 0;
    if (mine) {
      auto n = j.find("n");
      if (n == j.end() || !n->is_number_unsigned()) return;
      std::uint64_t seen = n->get<std::uint64_t>();
      while (!unechoed_.empty() && unechoed_.front().n <= seen) unechoed_.pop_front();
    }
    deliver(from->get<std::string>(), std::move(t), time_ms, mine);
    return;
  }
  if (mine) return;  // our own presence is known here already
  if (kind == "join") {
    auto entry = entry_from(j.value("user", json()));
    if (!entry) return;
    auto& users = remote_[server];
    if (users.count(entry->user) != 0) broadcast(encode_presence_leave(entry->user), nullptr);
    users[entry->user] = *entry;
    broadcast(encode_presence_join(*entry), nullptr);
  } else if (kind == "leave") {
    auto user = j.find("user");
    if (user == j.end() || !user->is_string()) return;
    auto it = remote_.find(server);
    if (it == remote_.end() || it->second.erase(user->get<std::string>()) == 0) return;
    broadcast(encode_presence_leave(user->get<std::string>()), nullptr);
  } else if (kind == "hello") {
    publish_roster();
  } else if (kind == "roster") {
    auto list = j.find("users");
    if (list == j.end() || !list->is_array()) return;
    std::map<std::string, PresenceEntry> now;
    for (const auto& item : *list) {
      if (auto entry = entry_from(item)) now[entry->user] = *entry;
    }
    auto& known = remote_[server];
    for (auto it = known.begin(); it != known.end();) {
      if (now.count(it->first) == 0) {
        broadcast(encode_presence_leave(it->first), nullptr);
        it = known.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& [name, entry] : now) {
      if (known.count(name) != 0) continue;
      known[name] = entry;
      broadcast(encode_presence_join(entry), nullptr);
    }
  } else if (kind == "gone") {
    drop_remote(server);
  }
}

}  // namespace sockscope::chat
