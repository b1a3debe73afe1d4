// login_session: what each server answer and each deadline does.
#include <algorithm>

#include "core/text_format.hpp"
#include "login/json_text.hpp"
#include "login/replies.hpp"
#include "login/session.hpp"
#include "login/url.hpp"

namespace scan_login {

namespace {

constexpr std::int64_t default_lifetime_ms = 120000;
constexpr int max_codes_lost = 3;

// How long before expiry auto-refresh asks for the next code: a tenth of the
// lifetime, within 1..5 s, and never more than half of it.
std::int64_t refresh_lead_ms(std::int64_t lifetime_ms) {
  const std::int64_t lead = std::clamp<std::int64_t>(lifetime_ms / 10, 1000, 5000);
  return std::min(lead, lifetime_ms / 2);
}

}  // namespace

void login_session::on_gene_reply(int status, const std::string& body) {
  if (retryable_status(status)) {
    retry_later();
    return;
  }
  if (status != 200) {
    fail_reply(status, body, "");
    return;
  }
  auto reply = parse_gene_reply(body);
  if (!reply) {
    fail_reply(status, body, reply.error_message());
    return;
  }
  backoff_.reset();
  if (!old_.random.empty() && old_.expiry_timer == 0) {
    // The replaced code keeps its expiry: it is watched until then.
    old_.expiry_timer = expiry_timer_;
    expiry_timer_ = 0;
  }
  cancel_timer(expiry_timer_);
  cancel_timer(refresh_timer_);
  random_ = reply->random;
  last_status_ = codes::qr_status::waiting;
  step_ = step::polling;
  const std::int64_t now = host_.now_ms();
  std::int64_t lifetime = default_lifetime_ms;
  if (reply->expires_in_ms > 0) {
    lifetime = reply->expires_in_ms;
  } else if (reply->expire_at_ms > 0) {
    lifetime = reply->expire_at_ms - now;
  }
  lifetime = std::clamp<std::int64_t>(lifetime, 1000, 24 * 3600 * 1000);

  const std::uint64_t epoch = epoch_;
  host_.show_qr(reply->qrcode_content, safe_logo_url(reply->custom_logo, config_.host));
  if (epoch != epoch_ || !show(ui_state{ui_phase::showing_code})) return;
  expiry_timer_ = start_timer(lifetime);
  if (config_.auto_refresh) refresh_timer_ = start_timer(lifetime - refresh_lead_ms(lifetime));
  login_event load;
  load.type = event_type::load;
  if (!emit(std::move(load))) return;
  send_check();
}

void login_session::on_check_reply(int status, const std::string& body) {
  if (retryable_status(status)) {
    retry_later();
    return;
  }
  if (status == 404) {
    if (++codes_lost_ > max_codes_lost) {
      fail(login_error::codes_lost,
           "the server forgot each new QR code at once; check that it keeps its state");
    } else {
      regenerate(false);
    }
    return;
  }
  if (status == 410) {
    code_expired();
    return;
  }
  if (status != 200) {
    fail_reply(status, body, "");
    return;
  }
  auto reply = parse_check_reply(body);
  if (!reply) {
    fail_reply(status, body, reply.error_message());
    return;
  }
  backoff_.reset();
  codes_lost_ = 0;
  // A server that ignores wait answers at once with the status we already
  // know; poll it plainly at the interval from now on.
  const std::int64_t elapsed = host_.now_ms() - request_sent_at_;
  const auto status_now = static_cast<codes::qr_status>(reply->status);
  if (long_poll_ && status_now == request_since_ &&
      elapsed * 2 < static_cast<std::int64_t>(config_.wait_s) * 1000) {
    long_poll_ = false;
  }
  ui_state view;
  view.nickname = reply->nickname;
  view.photo = reply->photo;
  switch (status_now) {
    case codes::qr_status::waiting:
      last_status_ = codes::qr_status::waiting;
      if (!show(ui_state{ui_phase::showing_code})) return;
      schedule_check();
      return;
    case codes::qr_status::scanned: {
      const bool first = last_status_ != codes::qr_status::scanned;
      last_status_ = codes::qr_status::scanned;
      view.phase = ui_phase::scanned;
      if (!show(view)) return;
      login_event scanned;
      scanned.type = event_type::scanned;
      scanned.user_info_json = reply->user_info_json;
      if (first && !emit(std::move(scanned))) return;
      schedule_check();
      return;
    }
    case codes::qr_status::confirmed:
      confirmed(reply->ticket, reply->user_info_json, view);
      return;
    case codes::qr_status::cancelled:
      end(ui_phase::cancelled, event_type::cancel);
      return;
    case codes::qr_status::expired:
      code_expired();
      return;
    default:
      fail(login_error::unexpected_status, "qrcode/check: unknown status " +
                                               format_int(reply->status) +
                                               "; expected -1, 0, 1, 2 or 3");
      return;
  }
}

void login_session::on_exchange_reply(int status, const std::string& body) {
  auto user = status == 200 ? parse_user_info_reply(body)
                            : result<std::string>(error{parse_server_error(status, body).message});
  if (user) {
    user_info_json_ = user.value();
  } else {
    login_event failure;
    failure.type = event_type::error;
    failure.error_code = login_error::exchange_failed;
    failure.message = "the ticket exchange failed (" + user.error_message() +
                      "); success carries the ticket for the site's backend";
    if (!emit(std::move(failure))) return;
  }
  succeed();
}

void login_session::on_public_config_reply(int status, const std::string& body) {
  step_ = step::ended;
  auto urls =
      status == 200
          ? parse_callback_urls(body)
          : result<std::vector<std::string>>(error{parse_server_error(status, body).message});
  std::string problem;
  if (!urls) {
    problem = "could not read the app's callback URLs: " + urls.error_message();
  } else if (std::find(urls->begin(), urls->end(), config_.redirect_uri) == urls->end()) {
    problem = "redirectUri is not among the app's callbackUrls (any more)";
  }
  auto target = build_callback_url(config_.redirect_uri, ticket_, state_);
  if (problem.empty() && !target) problem = target.error_message();
  if (!problem.empty()) {
    // The success event has carried the ticket; the widget says why the
    // page stays (the error phase) instead of showing "logged in" forever.
    fail(login_error::redirect_refused, "not redirecting: " + problem);
    return;
  }
  host_.navigate(target.value());
}

void login_session::on_expiry() {
  if (step_ == step::generating || step_ == step::polling) code_expired();
}

void login_session::on_refresh_due() {
  if (step_ != step::polling || last_status_ != codes::qr_status::waiting) return;
  keep_watching_old_code();
  regenerate(true);
}

void login_session::code_expired() {
  if (!config_.auto_refresh) {
    end(ui_phase::expired, event_type::expired);
    return;
  }
  if (step_ != step::generating) {
    regenerate(false);
    return;
  }
  // A refresh is already under way: keep it, but stop showing the dead code
  // (and stop watching it).
  drop_old_code();
  cancel_timer(expiry_timer_);
  cancel_timer(refresh_timer_);
  if (ui_.phase != ui_phase::reconnecting) show(ui_state{ui_phase::loading});
}

void login_session::confirmed(std::string ticket, std::string user_info_json,
                              const ui_state& view) {
  cancel_all();
  ticket_ = std::move(ticket);
  user_info_json_ = std::move(user_info_json);
  last_status_ = codes::qr_status::confirmed;
  step_ = config_.auto_exchange ? step::exchanging : step::ended;
  ui_state done = view;
  done.phase = ui_phase::confirmed;
  if (!show(done)) return;
  if (config_.auto_exchange) {
    // The poll key is the proof an app with browserExchange "proof" asks
    // for (PROTOCOL.md "POST /api/v2/qrcode/userinfo").
    json_value body = json_value::object();
    body.set("ticket", ticket_).set("random", random_);
    send(request_kind::exchange, "POST", join_url(config_.host, "/api/v2/qrcode/userinfo"),
         dump_json(body));
    return;
  }
  succeed();
}

void login_session::succeed() {
  step_ = config_.redirect_uri.empty() ? step::ended : step::verifying;
  login_event success;
  success.type = event_type::success;
  success.ticket = ticket_;
  success.poll_key = random_;
  success.user_info_json = user_info_json_;
  if (!emit(std::move(success)) || step_ != step::verifying) return;
  send(request_kind::public_config, "GET",
       join_url(config_.host,
                "/api/v2/applications/" + percent_encode(config_.app_id) + "/public-config"),
       "");
}

void login_session::end(ui_phase phase, event_type type) {
  cancel_all();
  step_ = step::ended;
  if (!show(ui_state{phase})) return;
  login_event event;
  event.type = type;
  emit(std::move(event));
}

void login_session::fail(int code, const std::string& message) {
  cancel_all();
  step_ = step::ended;
  ui_state view{ui_phase::error};
  view.error_code = code;
  view.message = message;
  if (!show(view)) return;
  login_event failure;
  failure.type = event_type::error;
  failure.error_code = code;
  failure.message = message;
  emit(std::move(failure));
}

void login_session::fail_reply(int status, const std::string& body,
                               const std::string& parse_error) {
  const server_error server = parse_server_error(status, body);
  // A 200 whose envelope carries another code is the server's own refusal.
  if (parse_error.empty() || (server.code != 200 && server.code != status)) {
    fail(server.code, server.message);
  } else {
    fail(login_error::malformed_reply, parse_error);
  }
}

}  // namespace scan_login
