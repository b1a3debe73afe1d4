#include "config/app_config.hpp"

#include <cctype>
#include <set>
#include <string_view>

namespace scan_login::server {
namespace {
using nlohmann::json;

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

constexpr const char* placeholder = "{publicUrl}";

// What a value means once the placeholder is filled, for validation: any
// public URL of the server is an absolute http(s) origin.
std::string as_validated(std::string text) {
  replace_all(text, placeholder, "http://public-url.invalid");
  return text;
}

bool is_origin(const std::string& origin) {
  if (!is_absolute_http_url(origin)) return false;
  const auto rest = origin.substr(origin.find("://") + 3);
  return !rest.empty() && rest.find('/') == std::string::npos &&
         rest.find('?') == std::string::npos;
}

bool read_string(const json& obj, const char* key, std::string& out, const std::string& where,
                 std::string& error) {
  if (!obj.contains(key)) return true;
  if (!obj[key].is_string()) {
    error = where + key + ": must be a string";
    return false;
  }
  out = obj[key].get<std::string>();
  return true;
}

bool read_bool(const json& obj, const char* key, bool& out, const std::string& where,
               std::string& error) {
  if (!obj.contains(key)) return true;
  if (!obj[key].is_boolean()) {
    error = where + key + ": must be true or false";
    return false;
  }
  out = obj[key].get<bool>();
  return true;
}

template <typename Number>
bool read_number(const json& obj, const char* key, Number& out, double min, double max,
                 const std::string& where, std::string& error) {
  if (!obj.contains(key)) return true;
  const auto& v = obj[key];
  const bool integral = std::is_integral_v<Number>;
  if (!v.is_number() || (integral && !v.is_number_integer()) || v.get<double>() < min ||
      v.get<double>() > max) {
    error = where + key + ": must be " + (integral ? "an integer" : "a number") + " from " +
            std::to_string(static_cast<long long>(min)) + " to " +
            std::to_string(static_cast<long long>(max));
    return false;
  }
  out = v.get<Number>();
  return true;
}

bool read_urls(const json& obj, const char* key, std::vector<std::string>& out, bool origins,
               const std::string& where, std::string& error) {
  if (!obj.contains(key)) return true;
  if (!obj[key].is_array()) {
    error = where + key + ": must be an array of strings";
    return false;
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < obj[key].size(); ++i) {
    const auto& item = obj[key][i];
    const auto field = where + key + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      error = field + ": must be a string";
      return false;
    }
    const auto text = item.get<std::string>();
    const auto filled = as_validated(text);
    if (origins ? !is_origin(filled) : !is_absolute_http_url(filled)) {
      error = field + (origins ? ": must be an origin such as https://example.com:8443"
                               : ": must be an absolute http(s) URL without a fragment");
      return false;
    }
    values.push_back(text);
  }
  out = std::move(values);
  return true;
}

// "browserExchange": "off", "proof" or "ticketOnly". Stored documents of
// earlier versions hold a boolean: true was the ticket alone, false off.
bool read_browser_exchange(const json& obj, browser_exchange_mode& out, const std::string& where,
                           std::string& error) {
  if (!obj.contains("browserExchange")) return true;
  const auto& v = obj["browserExchange"];
  if (v.is_boolean()) {
    out = v.get<bool>() ? browser_exchange_mode::ticket_only : browser_exchange_mode::off;
    return true;
  }
  for (const auto mode : {browser_exchange_mode::off, browser_exchange_mode::proof,
                          browser_exchange_mode::ticket_only}) {
    if (v.is_string() && v.get<std::string>() == browser_exchange_name(mode)) {
      out = mode;
      return true;
    }
  }
  error = where +
          "browserExchange: must be \"off\", \"proof\" (ticket and poll key) or "
          "\"ticketOnly\" (the ticket alone, weaker)";
  return false;
}

bool read_mode(const json& obj, app_mode& out, const std::string& where, std::string& error) {
  if (!obj.contains("mode")) return true;
  for (const auto mode : {app_mode::wechat, app_mode::demo}) {
    if (obj["mode"] == json(app_mode_name(mode))) {
      out = mode;
      return true;
    }
  }
  error = where +
          "mode: must be \"wechat\" (identity from WeChat, the mini program) or \"demo\" "
          "(the stand-in page, self-asserted identity)";
  return false;
}

// A verification file's name: a plain file name WeChat gives, such as
// "AbCd1234.txt" (letters, digits, '.', '_', '-'; no path).
bool is_plain_file_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '.') return false;
  for (const char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-') {
      return false;
    }
  }
  return true;
}

// "miniProgram" of an app or "defaultMiniProgram" of the server:
// {appId, appSecret, qrUrlPrefix, verificationFile: {name, content}}; every
// field optional, a partial update keeps the others.
bool read_mini_program(const json& obj, const char* key, mini_program_config& out,
                       const std::string& where, std::string& error) {
  if (!obj.contains(key)) return true;
  const auto& mp = obj[key];
  const auto field = where + key + ".";
  static const std::set<std::string> known{"appId", "appSecret", "qrUrlPrefix", "verificationFile"};
  if (!mp.is_object()) {
    error = where + key + ": must be an object {appId, appSecret, qrUrlPrefix, verificationFile}";
    return false;
  }
  for (const auto& item : mp.items()) {
    if (!known.count(item.key())) {
      error = field + item.key() + ": unknown field";
      return false;
    }
  }
  mini_program_config changed = out;
  if (!read_string(mp, "appId", changed.app_id, field, error) ||
      !read_string(mp, "appSecret", changed.app_secret, field, error) ||
      !read_string(mp, "qrUrlPrefix", changed.qr_url_prefix, field, error)) {
    return false;
  }
  while (!changed.qr_url_prefix.empty() && changed.qr_url_prefix.back() == '/') {
    changed.qr_url_prefix.pop_back();
  }
  if (!changed.qr_url_prefix.empty() && (!is_absolute_http_url(changed.qr_url_prefix) ||
                                         changed.qr_url_prefix.find('?') != std::string::npos)) {
    error = field + "qrUrlPrefix: must be an absolute http(s) URL without query or fragment";
    return false;
  }
  if (mp.contains("verificationFile")) {
    const auto& file = mp["verificationFile"];
    if (!file.is_object() ||
        !read_string(file, "name", changed.verification_file_name, field, error) ||
        !read_string(file, "content", changed.verification_file_content, field, error)) {
      if (error.empty()) error = field + "verificationFile: must be an object {name, content}";
      return false;
    }
    if (!changed.verification_file_name.empty() &&
        !is_plain_file_name(changed.verification_file_name)) {
      error = field + "verificationFile.name: must be a plain file name such as AbCd1234.txt";
      return false;
    }
    if (changed.verification_file_content.size() > 4096) {
      error = field + "verificationFile.content: at most 4096 bytes";
      return false;
    }
  }
  out = std::move(changed);
  return true;
}

json mini_program_admin_json(const mini_program_config& mp) {
  return {{"appId", mp.app_id},
          {"appSecretSet", !mp.app_secret.empty()},
          {"qrUrlPrefix", mp.qr_url_prefix},
          {"verificationFile",
           {{"name", mp.verification_file_name},
            {"contentSet", !mp.verification_file_content.empty()}}}};
}

json mini_program_file_json(const mini_program_config& mp) {
  return {{"appId", mp.app_id},
          {"appSecret", mp.app_secret},
          {"qrUrlPrefix", mp.qr_url_prefix},
          {"verificationFile",
           {{"name", mp.verification_file_name}, {"content", mp.verification_file_content}}}};
}

// "sha256:" and 64 lower-case hex digits (auth/app_secret_hash.hpp).
bool is_secret_hash(const std::string& text) {
  constexpr std::string_view tag = "sha256:";
  return text.size() == tag.size() + 64 && text.compare(0, tag.size(), tag) == 0 &&
         text.find_first_not_of("0123456789abcdef", tag.size()) == std::string::npos;
}

// A stored doc's "appSecretHash"; `stored_doc` false (the config file, an
// update): the field is unknown.
bool read_secret_hash(const json& obj, app_config& app, bool stored_doc, const std::string& where,
                      std::string& error) {
  if (!obj.contains("appSecretHash")) return true;
  if (!stored_doc) {
    error = where + "appSecretHash: unknown field (send appSecret; the server keeps its hash)";
    return false;
  }
  if (!obj["appSecretHash"].is_string() ||
      !is_secret_hash(obj["appSecretHash"].get<std::string>())) {
    error = where + "appSecretHash: must be \"sha256:\" and 64 hex digits";
    return false;
  }
  app.app_secret_hash = obj["appSecretHash"].get<std::string>();
  return true;
}

bool read_app(const json& obj, app_config& app, const std::string& where, std::string& error,
              bool stored_doc = false) {
  static const std::set<std::string> known{
      "appId",           "appSecret",          "appSecretHash", "name",        "logo",
      "callbackUrls",    "allowedOrigins",     "miniProgram",   "qrExpiresIn", "ticketExpiresIn",
      "browserExchange", "returnFullUserInfo", "lang",          "mode"};
  if (!obj.is_object()) {
    error = where.empty() ? "the update must be a JSON object" : where + ": must be an object";
    return false;
  }
  for (const auto& item : obj.items()) {
    if (!known.count(item.key())) {
      error = where + item.key() + ": unknown field";
      return false;
    }
  }
  // A secret given replaces the stored one (its hash); "" removes it.
  if (obj.contains("appSecret")) app.app_secret_hash.clear();
  if (!read_string(obj, "appSecret", app.app_secret, where, error) ||
      !read_secret_hash(obj, app, stored_doc, where, error) ||
      !read_string(obj, "name", app.name, where, error) ||
      !read_string(obj, "logo", app.logo, where, error) ||
      !read_urls(obj, "callbackUrls", app.callback_urls, false, where, error) ||
      !read_urls(obj, "allowedOrigins", app.allowed_origins, true, where, error) ||
      !read_number(obj, "qrExpiresIn", app.qr_expires_in, 1, 86400, where, error) ||
      !read_number(obj, "ticketExpiresIn", app.ticket_expires_in, 1, 86400, where, error) ||
      !read_browser_exchange(obj, app.browser_exchange, where, error) ||
      !read_bool(obj, "returnFullUserInfo", app.return_full_user_info, where, error) ||
      !read_string(obj, "lang", app.lang, where, error) ||
      !read_mode(obj, app.mode, where, error) ||
      !read_mini_program(obj, "miniProgram", app.mini_program, where, error)) {
    return false;
  }
  if (!app.logo.empty() && app.logo.rfind("data:image/", 0) != 0 &&
      !is_absolute_http_url(as_validated(app.logo))) {
    error = where + "logo: must be an http(s) URL or a data:image/ URL";
    return false;
  }
  return true;
}

}  // namespace

bool is_absolute_http_url(const std::string& url) {
  const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  if (!scheme || url.find('#') != std::string::npos) return false;
  const auto host_start = url.find("://") + 3;
  return host_start < url.size() && url[host_start] != '/' &&
         url.find_first_of(" \t\r\n\"<>\\") == std::string::npos;
}

std::optional<server_config> parse_server_config(const json& doc, std::string& error) {
  if (!doc.is_object()) {
    error = "the config must be a JSON object";
    return std::nullopt;
  }
  server_config config;
  if (!read_string(doc, "adminToken", config.admin_token, "", error)) return std::nullopt;
  if (doc.contains("limits")) {
    const auto& l = doc["limits"];
    auto& out = config.limits;
    const std::string w = "limits.";
    if (!l.is_object() || !read_number(l, "maxLiveCodes", out.max_live_codes, 1, 1e7, w, error) ||
        !read_number(l, "maxHeldPolls", out.max_held_polls, 1, 1e7, w, error) ||
        !read_number(l, "geneRate", out.gene_rate, 0, 1e6, w, error) ||
        !read_number(l, "geneBurst", out.gene_burst, 1, 1e6, w, error) ||
        !read_number(l, "maxWait", out.max_wait, 1, 300, w, error) ||
        !read_number(l, "tokenExpiresIn", out.token_expires_in, 60, 1e8, w, error) ||
        !read_number(l, "expiredRetention", out.expired_retention, 0, 86400, w, error) ||
        !read_number(l, "auditRetentionDays", out.audit_retention_days, 1, 3650, w, error)) {
      if (error.empty()) error = "limits: must be an object";
      return std::nullopt;
    }
  }
  if (!doc.contains("apps") || !doc["apps"].is_array() || doc["apps"].empty()) {
    error = "apps: must be a non-empty array of apps";
    return std::nullopt;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < doc["apps"].size(); ++i) {
    const auto& obj = doc["apps"][i];
    const auto where = "apps[" + std::to_string(i) + "].";
    app_config app;
    if (!obj.is_object() || !obj.contains("appId") || !obj["appId"].is_string() ||
        obj["appId"].get<std::string>().empty()) {
      error = where + "appId: must be a non-empty string";
      return std::nullopt;
    }
    app.app_id = obj["appId"].get<std::string>();
    if (!read_app(obj, app, where, error)) return std::nullopt;
    if (!ids.insert(app.app_id).second) {
      error = where + "appId: '" + app.app_id + "' appears twice";
      return std::nullopt;
    }
    config.apps.push_back(std::move(app));
  }
  if (doc.contains("wechat")) {
    const auto& w = doc["wechat"];
    static const std::set<std::string> known{"apiBase", "defaultMiniProgram"};
    if (!w.is_object()) {
      error = "wechat: must be an object {apiBase, defaultMiniProgram}";
      return std::nullopt;
    }
    for (const auto& item : w.items()) {
      if (!known.count(item.key())) {
        error = "wechat." + item.key() + ": unknown field";
        return std::nullopt;
      }
    }
    if (!read_string(w, "apiBase", config.wechat.api_base, "wechat.", error) ||
        !read_mini_program(w, "defaultMiniProgram", config.wechat.default_mini_program, "wechat.",
                           error)) {
      return std::nullopt;
    }
    if (!is_absolute_http_url(config.wechat.api_base)) {
      error = "wechat.apiBase: must be an absolute http(s) URL";
      return std::nullopt;
    }
  }
  return config;
}

bool apply_app_update(app_config& app, const json& update, std::string& error) {
  if (update.is_object() && update.contains("appId") && update["appId"] != json(app.app_id)) {
    error = "appId: cannot be changed";
    return false;
  }
  app_config changed = app;
  if (!read_app(update, changed, "", error)) return false;
  app = std::move(changed);
  return true;
}

json app_public_json(const app_config& app) {
  return {{"appId", app.app_id},
          {"name", app.name},
          {"logo", app.logo.empty() ? json(nullptr) : json(app.logo)},
          {"lang", app.lang},
          {"mode", app_mode_name(app.mode)},
          {"callbackUrls", app.callback_urls},
          // Not secret, and what the hosted popup checks its opener against.
          {"allowedOrigins", app.allowed_origins},
          {"qrExpiresIn", app.qr_expires_in}};
}

json app_admin_json(const app_config& app) {
  auto view = app_public_json(app);
  view["appSecretSet"] = !app.app_secret.empty() || !app.app_secret_hash.empty();
  view["miniProgram"] = mini_program_admin_json(app.mini_program);
  view["ticketExpiresIn"] = app.ticket_expires_in;
  view["browserExchange"] = browser_exchange_name(app.browser_exchange);
  view["returnFullUserInfo"] = app.return_full_user_info;
  return view;
}

const char* app_mode_name(app_mode mode) { return mode == app_mode::demo ? "demo" : "wechat"; }

const char* browser_exchange_name(browser_exchange_mode mode) {
  switch (mode) {
    case browser_exchange_mode::proof:
      return "proof";
    case browser_exchange_mode::ticket_only:
      return "ticketOnly";
    case browser_exchange_mode::off:
      break;
  }
  return "off";
}

app_config with_public_url(app_config app, const std::string& public_url) {
  replace_all(app.logo, placeholder, public_url);
  for (auto& url : app.callback_urls) replace_all(url, placeholder, public_url);
  for (auto& origin : app.allowed_origins) replace_all(origin, placeholder, public_url);
  return app;
}

json app_file_json(const app_config& app) {
  json doc = {{"appId", app.app_id},
              {"name", app.name},
              {"logo", app.logo},
              {"callbackUrls", app.callback_urls},
              {"allowedOrigins", app.allowed_origins},
              {"mode", app_mode_name(app.mode)},
              {"miniProgram", mini_program_file_json(app.mini_program)},
              {"qrExpiresIn", app.qr_expires_in},
              {"ticketExpiresIn", app.ticket_expires_in},
              {"browserExchange", browser_exchange_name(app.browser_exchange)},
              {"returnFullUserInfo", app.return_full_user_info},
              {"lang", app.lang}};
  if (!app.app_secret.empty()) doc["appSecret"] = app.app_secret;
  if (!app.app_secret_hash.empty()) doc["appSecretHash"] = app.app_secret_hash;
  return doc;
}

std::optional<app_config> app_from_file_json(const json& doc, std::string& error) {
  if (!doc.is_object() || !doc.contains("appId") || !doc["appId"].is_string() ||
      doc["appId"].get<std::string>().empty()) {
    error = "appId: must be a non-empty string";
    return std::nullopt;
  }
  app_config app;
  app.app_id = doc["appId"].get<std::string>();
  if (!read_app(doc, app, "", error, true)) return std::nullopt;
  return app;
}

}  // namespace scan_login::server
