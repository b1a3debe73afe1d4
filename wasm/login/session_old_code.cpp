// login_session: the code an auto-refresh replaced. A phone aimed at the
// old code just before it was replaced still scans it, so it is polled on
// its own (request, poll timer, expiry) until it expires. If it is scanned
// or confirmed, it becomes the login again and the new code is dropped;
// any other answer (expired, cancelled, gone, refused) just ends the watch,
// quietly: the new code is on screen.
#include <scan_login/codes.hpp>

#include "login/replies.hpp"
#include "login/session.hpp"

namespace scan_login {

void login_session::keep_watching_old_code() {
  drop_old_code();
  old_.random = random_;
  if (request_kind_ == request_kind::check) {
    old_.request_id = request_id_;
    old_.sent_at = request_sent_at_;
    request_id_ = 0;
    request_kind_ = request_kind::none;
  } else if (poll_timer_ != 0) {
    old_.poll_timer = poll_timer_;
    poll_timer_ = 0;
  }
  // Hidden: neither; set_visible(true) resumes it.
}

void login_session::send_old_check() {
  if (old_.random.empty() || !visible_ || old_.request_id != 0) return;
  old_.sent_at = host_.now_ms();
  // since=0: only a scan (or confirm) of the old code is news.
  old_.request_id =
      send_request("GET", check_url(old_.random, static_cast<int>(codes::qr_status::waiting)), "");
}

void login_session::on_old_code_reply(int status, const std::string& body) {
  if (retryable_status(status)) {
    // The new code's own polls show any outage; the watch just tries again.
    old_.poll_timer = start_timer(config_.interval_ms);
    return;
  }
  using codes::qr_status;
  const auto reply =
      status == codes::success ? parse_check_reply(body) : result<check_reply>(error{""});
  const auto code_status = reply ? static_cast<qr_status>(reply->status) : qr_status::expired;
  if (code_status == qr_status::waiting) {
    if (long_poll_) {
      send_old_check();
    } else {
      old_.poll_timer = start_timer(config_.interval_ms);
    }
  } else if (code_status == qr_status::scanned || code_status == qr_status::confirmed) {
    adopt_old_code(status, body);
  } else {
    drop_old_code();
  }
}

void login_session::adopt_old_code(int status, const std::string& body) {
  // The new code (or the gene for it) is dropped; the server lets it expire.
  cancel_timer(poll_timer_);
  cancel_timer(refresh_timer_);
  abandon_request();
  if (old_.expiry_timer != 0) {
    cancel_timer(expiry_timer_);
    expiry_timer_ = old_.expiry_timer;  // else expiry_timer_ is still the old code's
  }
  cancel_timer(old_.poll_timer);
  random_ = old_.random;
  request_sent_at_ = old_.sent_at;
  request_since_ = codes::qr_status::waiting;
  last_status_ = codes::qr_status::waiting;
  step_ = step::polling;
  old_ = old_code{};
  on_check_reply(status, body);
}

void login_session::pause_old_code() {
  cancel_timer(old_.poll_timer);
  if (old_.request_id == 0) return;
  const int abandoned = old_.request_id;
  old_.request_id = 0;
  host_.cancel_http(abandoned);
}

void login_session::resume_old_code() {
  cancel_timer(old_.poll_timer);
  send_old_check();
}

void login_session::drop_old_code() {
  pause_old_code();
  cancel_timer(old_.expiry_timer);
  old_ = old_code{};
}

}  // namespace scan_login
