#include "handler_fixture.hpp"

#include <unistd.h>

#include "flow/sealed_store.hpp"
#include "store/code_view_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::testing {

const jwt_signer& shared_signer() {
  static const auto signer = [] {
    std::string error;
    auto s = jwt_signer::generate(error);
    if (!s) throw std::runtime_error(error);
    return s;
  }();
  return *signer;
}

std::string test_secrets_key() { return std::string(secret_box::key_size, '\x5a'); }

handler_test::handler_test() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = std::filesystem::temp_directory_path() /
         ("scan-login-handler-" + std::to_string(::getpid()) + "-" +
          (info ? std::string{info->test_suite_name()} + "." + info->name() : "test"));
  std::filesystem::remove_all(dir_);
  // As the server runs it: the store behind its per-process view, its
  // secrets sealed with a fixed test key.
  store_ = std::make_unique<code_view_store>(
      std::make_unique<sealed_store>(open_sqlite_store({dir_ / "store.sqlite3", 2}),
                                     secret_box{test_secrets_key(), system_random()}));
  store_->set_feed_listener(&feed_);
  std::string error;
  signing_key_record key{shared_signer().kid(), shared_signer().private_pem(), start_ms, 0, 0};
  store_->add_signing_key(key, true, 0);
  if (!keys_.reload(store_->signing_keys(), error)) ADD_FAILURE() << error;
  app_config demo;
  demo.app_id = "demo";
  demo.app_secret = secret;
  demo.name = "Demo";
  demo.callback_urls = {std::string{base} + "/callback"};
  demo.allowed_origins = {"http://site.example"};
  demo.browser_exchange = browser_exchange_mode::proof;  // as shipped
  demo.mode = app_mode::demo;                            // as shipped: the stand-in page
  store_->insert_app(demo);
  app_config strict = demo;
  strict.app_id = "strict";
  strict.app_secret = "strict-secret";
  strict.browser_exchange = browser_exchange_mode::off;
  strict.allowed_origins = {"http://strict.example"};
  strict.mini_program.app_id = "wx123";
  store_->insert_app(strict);
  app_config wx = demo;  // a production app: identity from WeChat only
  wx.app_id = "wx";
  wx.app_secret = "wx-secret";
  wx.mode = app_mode::wechat;
  wx.mini_program = {"wx-mp", "mp-secret", "https://login.example.com/scan", "AbCd1234.txt",
                     "verify-me"};
  store_->insert_app(wx);

  settings_.public_url = base;
  settings_.admin_token = "admin-token";
  settings_.site.web_root = "/nonexistent/web";
  settings_.site.wasm_root = "/nonexistent/wasm";
  settings_.pages_root = "/nonexistent/pages";
  rebuild();
}

handler_test::~handler_test() {
  handler_.reset();
  flow_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void handler_test::rebuild() {
  flow_settings flow_config;
  flow_config.issuer = settings_.public_url;
  flow_config.limits = settings_.limits;
  handler_.reset();
  flow_ = std::make_unique<login_flow>(
      flow_config, *store_, keys_, [this] { return now_; },
      [this](unsigned char* out, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i) {
          out[i] = static_cast<unsigned char>((counter_ * 131 + i * 7) & 0xff);
        }
        ++counter_;
      });
  handler_ = std::make_unique<handler>(settings_, *flow_);
}

code_record handler_test::stored_code(const std::string& code) {
  const auto record = store_->code_by_code(code);
  EXPECT_TRUE(record.has_value()) << "no code " << code;
  return record.value_or(code_record{});
}

void handler_test::save_app(const app_config& app) {
  if (!store_->update_app(app)) store_->insert_app(app);
}

response handler_test::send(http::verb verb, const std::string& target, const std::string& body,
                            std::vector<std::pair<std::string, std::string>> headers) {
  request req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1:8080");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty()) {
    if (req[http::field::content_type].empty())
      req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
  }
  const auto result = handler_->handle(req, client_info{client_ip_, held_polls_, {}}, false);
  EXPECT_TRUE(result.res.has_value());
  return result.res ? *result.res : response{};
}

response handler_test::get(const std::string& target,
                           std::vector<std::pair<std::string, std::string>> headers) {
  return send(http::verb::get, target, {}, std::move(headers));
}

response handler_test::post(const std::string& target, const json& body,
                            std::vector<std::pair<std::string, std::string>> headers) {
  return send(http::verb::post, target, body.dump(), std::move(headers));
}

outcome handler_test::check_outcome(const std::string& query, bool may_hold) {
  request req{http::verb::get, "/api/v2/qrcode/check?" + query, 11};
  return handler_->handle(req, client_info{client_ip_, held_polls_, {}}, may_hold);
}

json handler_test::body_of(const response& res) { return json::parse(res.body(), nullptr, false); }

json handler_test::gene(const json& body) {
  const auto res = post("/api/v2/qrcode/gene", body, {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  return body_of(res)["data"];
}

std::string handler_test::code_of(const json& gene_data) {
  const auto content = gene_data["qrcodeContent"].get<std::string>();
  const auto start = content.find("/m/") + 3;
  return content.substr(start, content.find('?', start) - start);
}

std::string handler_test::scan(const std::string& code, const std::string& openid,
                               const std::string& unionid) {
  json user = {{"openid", openid}, {"nickname", "Nick " + openid}, {"photo", "http://img/a.png"}};
  if (!unionid.empty()) user["unionid"] = unionid;
  const auto res = post("/api/v2/qrcode/scanned", {{"code", code}, {"wechatUser", user}});
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  return body_of(res)["data"]["scanToken"].get<std::string>();
}

std::string handler_test::confirm(const std::string& code, const std::string& token,
                                  const std::string& phone) {
  json body = {{"code", code}, {"scanToken", token}, {"realName", "Zhang San"}};
  if (!phone.empty()) body["phone"] = phone;
  const auto res = post("/api/v2/qrcode/confirm", body);
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  return stored_code(code).ticket;
}

}  // namespace scan_login::server::testing
