#include "chat/protocol.h"

#include <nlohmann/json.hpp>

namespace sockscope::chat {
namespace {

using nlohmann::json;

std::string line_of(const json& j) {
  // Invalid UTF-8 from a peer is replaced rather than thrown on: a frame always encodes.
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

FrameError bad_field(std::string_view field, std::string_view why) {
  return {code::kBadField, "field '" + std::string(field) + "' " + std::string(why)};
}

// A required string member; nullopt and `error` set when missing or not a string.
std::optional<std::string> string_field(const json& j, std::string_view name,
                                        std::optional<FrameError>& error) {
  auto it = j.find(name);
  if (it == j.end()) {
    error = bad_field(name, "is missing");
    return std::nullopt;
  }
  if (!it->is_string()) {
    error = bad_field(name, "must be a string");
    return std::nullopt;
  }
  return it->get<std::string>();
}

// The optional "udp_port" member: 0 (no direct messages) when absent.
std::optional<std::uint16_t> udp_port_field(const json& j, std::optional<FrameError>& error) {
  auto it = j.find("udp_port");
  if (it == j.end()) return std::uint16_t{0};
  if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 65535) {
    error = bad_field("udp_port", "must be an integer 0-65535");
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(it->get<long long>());
}

json entry_json(const PresenceEntry& e) {
  return {{"user", e.user}, {"address", e.address}, {"udp_port", e.udp_port}};
}

json message_json(const RoomMessage& m) {
  return {{"from", m.from}, {"text", m.text}, {"time", m.time_ms}, {"seq", m.seq}};
}

}  // namespace

std::variant<ClientFrame, FrameError> parse_client_frame(std::string_view line) {
  json j = json::parse(line.data(), line.data() + line.size(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return FrameError{code::kBadJson, "not a JSON text"};
  if (!j.is_object()) return FrameError{code::kBadJson, "a frame is a JSON object"};
  auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    return FrameError{code::kUnknownType, "a frame needs a string 'type'"};
  }
  const std::string& t = type->get_ref<const std::string&>();
  std::optional<FrameError> error;
  if (t == "register" || t == "login") {
    auto user = string_field(j, "user", error);
    if (!user) return *error;
    auto port = udp_port_field(j, error);
    if (!port) return *error;
    if (t == "register") {
      auto password = string_field(j, "password", error);
      if (!password) return *error;
      return ClientFrame{RegisterFrame{*user, *password, *port}};
    }
    LoginFrame login{*user, std::nullopt, *port};
    if (j.contains("password")) {
      auto password = string_field(j, "password", error);
      if (!password) return *error;
      login.password = *password;
    }
    return ClientFrame{login};
  }
  if (t == "say") {
    auto text = string_field(j, "text", error);
    if (!text) return *error;
    if (text->empty()) return bad_field("text", "is empty");
    if (text->size() > kMaxTextBytes) {
      return bad_field("text", "is longer than " + std::to_string(kMaxTextBytes) + " bytes");
    }
    return ClientFrame{SayFrame{*text}};
  }
  if (t == "bye") return ClientFrame{ByeFrame{}};
  return FrameError{code::kUnknownType, "unknown frame type"};
}

std::string username_problem(std::string_view name) {
  if (name.empty() || name.size() > 32) return "a user name is 1-32 characters";
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name.front())) return "a user name starts with a letter or digit";
  for (char c : name) {
    if (!alnum(c) && c != '_' && c != '-' && c != '.') {
      return "a user name has only letters, digits, '_', '-' and '.'";
    }
  }
  return {};
}

std::string password_problem(std::string_view password) {
  if (password.size() < kMinPasswordBytes) return "a password has at least 8 characters";
  if (password.size() > kMaxPasswordBytes) return "a password has at most 1024 bytes";
  if (password.find('\0') != std::string_view::npos) return "a password has no NUL byte";
  return {};
}

std::string encode_ok(std::string_view op, std::string_view user) {
  return line_of({{"type", "ok"}, {"op", op}, {"user", user}});
}

std::string encode_error(std::string_view code, std::string_view message) {
  return line_of({{"type", "error"}, {"code", code}, {"message", message}});
}

std::string encode_presence_full(const std::vector<PresenceEntry>& users) {
  json list = json::array();
  for (const auto& u : users) list.push_back(entry_json(u));
  return line_of({{"type", "presence"}, {"event", "full"}, {"users", list}});
}

std::string encode_presence_entry(const PresenceEntry& user) {
  return entry_json(user).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_presence_full_encoded(const std::vector<std::string_view>& entries) {
  // Members in the order nlohmann's json object keeps them (sorted), as encode_presence_full.
  constexpr std::string_view kHead = R"({"event":"full","type":"presence","users":[)";
  std::size_t size = kHead.size() + 3 + entries.size();
  for (auto e : entries) size += e.size();
  std::string out;
  out.reserve(size);
  out.append(kHead);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(entries[i]);
  }
  out.append("]}\n");
  return out;
}

std::string encode_presence_join(const PresenceEntry& user) {
  return line_of({{"type", "presence"}, {"event", "join"}, {"user", entry_json(user)}});
}

std::string encode_presence_leave(std::string_view user) {
  return line_of({{"type", "presence"}, {"event", "leave"}, {"user", {{"user", user}}}});
}

std::string encode_message(const RoomMessage& message) {
  json j = message_json(message);
  j["type"] = "message";
  return line_of(j);
}

std::string encode_history(const std::vector<RoomMessage>& messages) {
  json list = json::array();
  for (const auto& m : messages) list.push_back(message_json(m));
  return line_of({{"type", "history"}, {"messages", list}});
}

std::string encode_bye(std::string_view reason, std::string_view message) {
  return line_of({{"type", "bye"}, {"reason", reason}, {"message", message}});
}

std::string encode_register(std::string_view user, std::string_view password,
                            std::uint16_t udp_port) {
  return line_of(
      {{"type", "register"}, {"user", user}, {"password", password}, {"udp_port", udp_port}});
}

std::string encode_login(std::string_view user, const std::optional<std::string>& password,
                         std::uint16_t udp_port) {
  json j = {{"type", "login"}, {"user", user}, {"udp_port", udp_port}};
  if (password) j["password"] = *password;
  return line_of(j);
}

std::string encode_say(std::string_view text) {
  return line_of({{"type", "say"}, {"text", text}});
}

std::string encode_client_bye() {
  return line_of({{"type", "bye"}});
}

}  // namespace sockscope::chat
