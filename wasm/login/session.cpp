// login_session: inputs, scheduling and requests. The handling of each
// server answer is in session_replies.cpp.
#include "login/session.hpp"

#include <scan_login/version.hpp>

#include "core/text_format.hpp"
#include "login/json_text.hpp"
#include "login/url.hpp"

namespace scan_login {

login_session::login_session(login_host& host, session_config config)
    : host_(host), config_(std::move(config)), long_poll_(config_.wait_s > 0) {}

login_session::~login_session() { cancel_all(); }

void login_session::start() {
  if (step_ == step::idle) restart();
}

void login_session::refresh() { restart(); }

void login_session::stop() {
  cancel_all();
  ++epoch_;
  step_ = step::idle;
  ui_ = ui_state{};
}

void login_session::set_visible(bool visible) {
  if (visible == visible_) return;
  visible_ = visible;
  if (visible) {
    resume();
    return;
  }
  cancel_timer(poll_timer_);
  if (request_kind_ == request_kind::gene || request_kind_ == request_kind::check) {
    abandon_request();
  }
  pause_old_code();
}

void login_session::on_http_response(int id, int status, const std::string& body) {
  if (id > 0 && id == old_.request_id) {
    old_.request_id = 0;
    on_old_code_reply(status, body);
    return;
  }
  if (id <= 0 || id != request_id_) return;
  const request_kind kind = request_kind_;
  request_id_ = 0;
  request_kind_ = request_kind::none;
  switch (kind) {
    case request_kind::gene:
      on_gene_reply(status, body);
      break;
    case request_kind::check:
      on_check_reply(status, body);
      break;
    case request_kind::exchange:
      on_exchange_reply(status, body);
      break;
    case request_kind::public_config:
      on_public_config_reply(status, body);
      break;
    case request_kind::none:
      break;
  }
}

void login_session::on_timer(int id) {
  if (id <= 0) return;
  if (id == poll_timer_) {
    poll_timer_ = 0;
    if (step_ == step::generating) {
      send_gene();
    } else if (step_ == step::polling) {
      send_check();
    }
  } else if (id == expiry_timer_) {
    expiry_timer_ = 0;
    on_expiry();
  } else if (id == refresh_timer_) {
    refresh_timer_ = 0;
    on_refresh_due();
  } else if (id == old_.poll_timer) {
    old_.poll_timer = 0;
    send_old_check();
  } else if (id == old_.expiry_timer) {
    old_.expiry_timer = 0;
    drop_old_code();
  }
}

void login_session::restart() {
  cancel_all();
  ++epoch_;
  backoff_.reset();
  codes_lost_ = 0;
  long_poll_ = config_.wait_s > 0;
  random_.clear();
  last_status_ = codes::qr_status::waiting;
  ticket_.clear();
  user_info_json_.clear();
  step_ = step::generating;
  const std::string problem = validate_config(config_);
  if (!problem.empty()) {
    fail(login_error::invalid_config, problem);
    return;
  }
  if (state_.empty()) state_ = config_.state.empty() ? random_state() : config_.state;
  if (!show(ui_state{ui_phase::loading})) return;
  send_gene();
}

void login_session::cancel_all() {
  drop_old_code();
  cancel_timer(poll_timer_);
  cancel_timer(expiry_timer_);
  cancel_timer(refresh_timer_);
  abandon_request();
}

void login_session::cancel_timer(int& id) {
  if (id == 0) return;
  const int cancelled = id;
  id = 0;
  host_.cancel_timer(cancelled);
}

int login_session::start_timer(std::int64_t delay_ms) {
  const int id = next_id_++;
  host_.start_timer(id, delay_ms < 0 ? 0 : delay_ms);
  return id;
}

void login_session::abandon_request() {
  if (request_id_ == 0) return;
  const int abandoned = request_id_;
  request_id_ = 0;
  request_kind_ = request_kind::none;
  host_.cancel_http(abandoned);
}

void login_session::send(request_kind kind, const char* method, std::string url, std::string body) {
  request_sent_at_ = host_.now_ms();
  request_kind_ = kind;
  request_id_ = send_request(method, std::move(url), std::move(body));
}

int login_session::send_request(const char* method, std::string url, std::string body) {
  http_request request;
  request.id = next_id_++;
  request.method = method;
  request.url = std::move(url);
  request.body = std::move(body);
  request.headers.push_back({"x-authing-app-id", config_.app_id});
  if (!config_.user_pool_id.empty()) {
    request.headers.push_back({"x-authing-userpool-id", config_.user_pool_id});
  }
  if (!config_.lang.empty()) request.headers.push_back({"x-authing-lang", config_.lang});
  request.headers.push_back({"x-authing-request-from", "scan-login"});
  request.headers.push_back({"x-authing-sdk-version", package_version});
  if (!request.body.empty()) request.headers.push_back({"content-type", "application/json"});
  const int id = request.id;
  host_.send_http(request);
  return id;
}

std::uint32_t login_session::random_u32() {
  std::uint8_t bytes[4] = {};
  host_.fill_random(bytes, sizeof bytes);
  return static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
         static_cast<std::uint32_t>(bytes[2]) << 8 | bytes[3];
}

std::string login_session::random_state() {
  static const char hex[] = "0123456789abcdef";
  std::uint8_t bytes[16] = {};
  host_.fill_random(bytes, sizeof bytes);
  std::string text;
  for (std::uint8_t byte : bytes) {
    text += hex[byte >> 4];
    text += hex[byte & 0x0f];
  }
  return text;
}

void login_session::send_gene() {
  if (!visible_ || request_id_ != 0) return;
  json_value body = json_value::object();
  body.set("scene", "WXAPP_AUTH");
  if (!config_.redirect_uri.empty()) body.set("redirectUri", config_.redirect_uri);
  send(request_kind::gene, "POST", join_url(config_.host, "/api/v2/qrcode/gene"), dump_json(body));
}

void login_session::send_check() {
  if (!visible_ || request_id_ != 0) return;
  request_since_ = last_status_;
  send(request_kind::check, "GET", check_url(random_, static_cast<int>(last_status_)), "");
}

std::string login_session::check_url(const std::string& random, int since) const {
  std::string path = "/api/v2/qrcode/check?random=" + percent_encode(random);
  if (long_poll_) path += "&wait=" + format_int(config_.wait_s) + "&since=" + format_int(since);
  return join_url(config_.host, path);
}

void login_session::schedule_check() {
  if (long_poll_) {
    send_check();
  } else {
    poll_timer_ = start_timer(config_.interval_ms);
  }
}

void login_session::regenerate(bool keep_code) {
  cancel_timer(poll_timer_);
  abandon_request();
  step_ = step::generating;
  if (!keep_code) {
    cancel_timer(expiry_timer_);
    cancel_timer(refresh_timer_);
    if (!show(ui_state{ui_phase::loading})) return;
  }
  send_gene();
}

void login_session::resume() {
  resume_old_code();
  if (request_id_ != 0) return;
  cancel_timer(poll_timer_);
  if (step_ == step::generating) {
    send_gene();
  } else if (step_ == step::polling) {
    send_check();
  }
}

void login_session::retry_later() {
  ui_state view{ui_phase::reconnecting};
  view.retry_in_ms = backoff_.next_delay(random_u32());
  if (!show(view)) return;
  poll_timer_ = start_timer(view.retry_in_ms);
}

bool login_session::show(const ui_state& view) {
  if (view == ui_) return true;
  const std::uint64_t epoch = epoch_;
  const bool phase_changed = view.phase != ui_.phase;
  ui_ = view;
  host_.show_state(view);
  if (epoch != epoch_) return false;
  if (!phase_changed) return true;
  login_event change;
  change.type = event_type::statechange;
  change.state = ui_phase_name(view.phase);
  return emit(std::move(change));
}

bool login_session::emit(login_event event) {
  const std::uint64_t epoch = epoch_;
  host_.emit(event);
  return epoch == epoch_;
}

}  // namespace scan_login
