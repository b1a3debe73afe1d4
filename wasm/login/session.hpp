#pragma once
// login_session: the whole QR-login lifecycle of one component, driven by its
// inputs (below) and acting only through a login_host.
//
//   start -> POST gene -> show the code -> GET check (long poll; plain polling
//   at interval when the server answers at once) -> 1 scanned -> 2 confirmed
//   -> [exchange the ticket] -> success -> [verify the callback, navigate]
//
// 3 (cancelled) and -1 (expired, or the local expiry timer) end with an
// overlay until refresh(); with auto_refresh a new code replaces the old one
// before it expires, and the old one is still polled until then: a scan of
// it (someone who aimed the phone just before it was replaced) logs in. Network failures, 5xx and
// 429 retry with back-off in the "reconnecting" phase; a 404 for the poll key makes a new code.
// While hidden nothing is requested. After stop() nothing reaches the host at all.
//
// Not thread-safe; every input must come from the host's one event loop.
// Any input may be called from inside a host callback (an event listener that
// stops or refreshes the session): the interrupted work is dropped.

#include <cstdint>
#include <string>

#include "login/backoff.hpp"
#include "login/config.hpp"
#include "login/host.hpp"

namespace scan_login {

class login_session {
 public:
  // `host` must outlive the session. The config is checked at start().
  login_session(login_host& host, session_config config);
  ~login_session();
  login_session(const login_session&) = delete;
  login_session& operator=(const login_session&) = delete;

  // Begins the lifecycle; no-op unless idle (never started, or stopped):
  // after an error, expiry or cancel the way on is refresh().
  void start();
  // Drops the current code and fetches a new one (the overlay's refresh and
  // retry buttons); also restarts a stopped or finished session.
  void refresh();
  // Cancels every timer and request; late answers and timers are ignored and
  // nothing reaches the host until start() or refresh().
  void stop();
  // Hidden: no requests (pending polls are aborted). Visible again: polls at once.
  void set_visible(bool visible);

  // The answer to request `id`: HTTP status (0 for a network failure) and body.
  void on_http_response(int id, int status, const std::string& body);
  void on_timer(int id);

  const ui_state& ui() const { return ui_; }
  // The state value sent to the callback (the page's, or a random one).
  const std::string& state() const { return state_; }
  // Polling with wait/since (true) or plainly at interval (false).
  bool long_polling() const { return long_poll_; }

 private:
  enum class step { idle, generating, polling, exchanging, verifying, ended };
  enum class request_kind { none, gene, check, exchange, public_config };

  void restart();
  void cancel_all();
  void cancel_timer(int& id);
  int start_timer(std::int64_t delay_ms);
  void abandon_request();
  void send(request_kind kind, const char* method, std::string url, std::string body);
  int send_request(const char* method, std::string url, std::string body);
  std::string check_url(const std::string& random, int since) const;
  std::uint32_t random_u32();
  std::string random_state();

  void send_gene();
  void send_check();
  void schedule_check();
  void regenerate(bool keep_code);
  void resume();
  void retry_later();

  void on_gene_reply(int status, const std::string& body);
  void on_check_reply(int status, const std::string& body);
  void on_exchange_reply(int status, const std::string& body);
  void on_public_config_reply(int status, const std::string& body);
  void on_expiry();
  void on_refresh_due();

  // The replaced code of an auto-refresh (session_old_code.cpp).
  void keep_watching_old_code();
  void send_old_check();
  void on_old_code_reply(int status, const std::string& body);
  void adopt_old_code(int status, const std::string& body);
  void pause_old_code();
  void resume_old_code();
  void drop_old_code();

  void code_expired();
  void confirmed(std::string ticket, std::string user_info_json, const ui_state& view);
  void succeed();
  void end(ui_phase phase, event_type event);
  void fail(int code, const std::string& message);
  void fail_reply(int status, const std::string& body, const std::string& parse_error);

  // Show or emit through the host; false when a listener stopped or restarted
  // the session meanwhile, so the caller must return at once.
  bool show(const ui_state& view);
  bool emit(login_event event);

  login_host& host_;
  session_config config_;
  std::string state_;
  ui_state ui_;
  step step_ = step::idle;
  bool visible_ = true;
  bool long_poll_ = true;
  std::uint64_t epoch_ = 0;
  int next_id_ = 1;

  int request_id_ = 0;
  request_kind request_kind_ = request_kind::none;
  std::int64_t request_sent_at_ = 0;
  codes::qr_status request_since_ = codes::qr_status::waiting;

  int poll_timer_ = 0;
  int expiry_timer_ = 0;
  int refresh_timer_ = 0;
  backoff backoff_;
  int codes_lost_ = 0;

  // The code an auto-refresh replaced, polled with its own request and
  // timers until it expires. Its expiry is expiry_timer_ until the new code
  // arrives, then its own expiry_timer. Empty random: none.
  struct old_code {
    std::string random;
    int request_id = 0;
    std::int64_t sent_at = 0;
    int poll_timer = 0;
    int expiry_timer = 0;
  };
  old_code old_;

  std::string random_;
  codes::qr_status last_status_ = codes::qr_status::waiting;
  std::string ticket_;
  std::string user_info_json_;
};

}  // namespace scan_login
