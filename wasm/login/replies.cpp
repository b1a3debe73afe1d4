#include "login/replies.hpp"

#include <limits>
#include <scan_login/codes.hpp>

#include "core/text_format.hpp"
#include "login/json_text.hpp"
#include "login/url.hpp"

namespace scan_login {

namespace {

const std::string* string_member(const json_value& obj, const char* key) {
  const json_value* value = obj.find(key);
  return value != nullptr && value->is_string() ? &value->as_string() : nullptr;
}

// A whole number that fits in an int64 (json_value::as_integer), else false.
bool integer_member(const json_value& obj, const char* key, std::int64_t& out) {
  const json_value* value = obj.find(key);
  return value != nullptr && value->as_integer(out);
}

std::optional<json_value> parse_reply(const std::string& body) {
  return parse_json(body, max_json_depth);
}

// The data object of a successful envelope, or an error naming `what`.
result<json_value> envelope_data(const std::string& body, const char* what) {
  if (body.size() > max_reply_bytes) return error{std::string(what) + ": reply too large"};
  if (!json_nesting_within(body, max_json_depth)) {
    return error{std::string(what) + ": reply nests too deeply"};
  }
  auto root = parse_reply(body);
  if (!root || !root->is_object()) {
    return error{std::string(what) + ": reply is not a JSON object"};
  }
  std::int64_t code = 0;
  if (!integer_member(*root, "code", code) || code != 200) {
    return error{std::string(what) + ": reply has no success code 200"};
  }
  json_value* data = root->find("data");
  if (data == nullptr || !data->is_object()) {
    return error{std::string(what) + ": reply has no data object"};
  }
  return json_value(std::move(*data));
}

// Replaces an unsafe photo with "" so no consumer of the user object sees it.
void make_photo_safe(json_value& user) {
  json_value* photo = user.find("photo");
  if (photo == nullptr) return;
  *photo = json_value(photo->is_string() ? safe_avatar_url(photo->as_string()) : std::string());
}

std::int64_t to_ms(std::int64_t seconds) {
  constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / 1000;
  return seconds > limit || seconds < -limit ? -1 : seconds * 1000;
}

}  // namespace

bool json_nesting_within(const std::string& text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

result<gene_reply> parse_gene_reply(const std::string& body) {
  auto data = envelope_data(body, "qrcode/gene");
  if (!data) return error{data.error_message()};
  const json_value& d = data.value();
  gene_reply reply;
  const std::string* random = string_member(d, "random");
  const std::string* content = string_member(d, "qrcodeContent");
  if (random == nullptr || random->empty() || content == nullptr || content->empty()) {
    return error{"qrcode/gene: data needs non-empty strings random and qrcodeContent"};
  }
  reply.random = *random;
  reply.qrcode_content = *content;
  if (const std::string* logo = string_member(d, "customLogo")) reply.custom_logo = *logo;
  std::int64_t number = 0;
  if (integer_member(d, "expiresIn", number) && number > 0) reply.expires_in_ms = to_ms(number);
  if (integer_member(d, "expireAt", number) && number > 0) reply.expire_at_ms = number;
  return reply;
}

result<check_reply> parse_check_reply(const std::string& body) {
  auto data = envelope_data(body, "qrcode/check");
  if (!data) return error{data.error_message()};
  json_value& d = data.value();
  check_reply reply;
  std::int64_t status = 0;
  if (!integer_member(d, "status", status)) {
    return error{"qrcode/check: data.status must be an integer"};
  }
  if (status < -1000 || status > 1000) {
    return error{"qrcode/check: status " + format_int(status) + " is out of range"};
  }
  reply.status = static_cast<int>(status);
  if (reply.status == static_cast<int>(codes::qr_status::confirmed)) {
    const std::string* ticket = string_member(d, "ticket");
    if (ticket == nullptr || ticket->empty()) {
      return error{"qrcode/check: status 2 needs a non-empty string ticket"};
    }
    reply.ticket = *ticket;
  }
  json_value user = json_value::object();
  json_value* user_info = d.find("userInfo");
  if (user_info != nullptr && user_info->is_object()) user = std::move(*user_info);
  make_photo_safe(user);
  if (const std::string* nickname = string_member(user, "nickname")) reply.nickname = *nickname;
  if (const std::string* photo = string_member(user, "photo")) reply.photo = *photo;
  reply.user_info_json = dump_json(user);
  return reply;
}

result<std::string> parse_user_info_reply(const std::string& body) {
  auto data = envelope_data(body, "qrcode/userinfo");
  if (!data) return error{data.error_message()};
  make_photo_safe(data.value());
  return dump_json(data.value());
}

result<std::vector<std::string>> parse_callback_urls(const std::string& body) {
  auto data = envelope_data(body, "public-config");
  if (!data) return error{data.error_message()};
  const json_value* urls = data.value().find("callbackUrls");
  if (urls == nullptr || !urls->is_array()) {
    return error{"public-config: data.callbackUrls must be an array"};
  }
  std::vector<std::string> out;
  for (const json_value& url : urls->items()) {
    if (url.is_string()) out.push_back(url.as_string());
  }
  return out;
}

server_error parse_server_error(int http_status, const std::string& body) {
  server_error failure{http_status, "the server answered HTTP " + format_int(http_status)};
  if (body.size() > max_reply_bytes || !json_nesting_within(body, max_json_depth)) {
    return failure;
  }
  const auto parsed = parse_reply(body);
  const json_value root = parsed ? *parsed : json_value();
  std::int64_t code = 0;
  if (integer_member(root, "code", code) && code > std::numeric_limits<int>::min() &&
      code < std::numeric_limits<int>::max()) {
    failure.code = static_cast<int>(code);
  }
  if (const std::string* message = string_member(root, "message")) {
    if (!message->empty()) failure.message = message->substr(0, 500);
  }
  return failure;
}

}  // namespace scan_login
