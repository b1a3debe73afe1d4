#pragma once
// The one narrow interface between the login lifecycle and the world it runs
// in. The browser implements it with a few JS imports
// (wasm/bindings/login_exports.cpp); the unit tests with a fake that has a
// virtual clock (tests/login/fake_host.hpp).

#include <cstddef>
#include <cstdint>
#include <scan_login/codes.hpp>
#include <string>
#include <vector>

namespace scan_login {

struct http_header {
  std::string name;
  std::string value;
};

struct http_request {
  int id = 0;          // > 0; hand it back to login_session::on_http_response
  std::string method;  // "GET" or "POST"
  std::string url;     // absolute, or root-relative when the config's host is empty
  std::vector<http_header> headers;
  std::string body;  // JSON text for POST, empty for GET
};

// What the UI shows. Every phase is a complete description: the host redraws
// from the latest ui_state alone.
enum class ui_phase {
  idle,          // not started, or stopped
  loading,       // asking the server for a code; no code is on screen
  showing_code,  // the QR is shown, waiting for a scan
  scanned,       // scanned: show nickname and photo, "confirm on your phone"
  confirmed,     // confirmed on the phone; success follows
  expired,       // overlay "QR code expired" with a refresh button
  cancelled,     // overlay "cancelled on the phone" with a retry button
  reconnecting,  // the server is unreachable; retrying with back-off
  error,         // a failure that needs refresh(): see error_code, message
};

// "idle", "loading", "showing-code", "scanned", "confirmed", "expired",
// "cancelled", "reconnecting", "error".
const char* ui_phase_name(ui_phase phase);

struct ui_state {
  ui_state() = default;
  explicit ui_state(ui_phase shown) : phase(shown) {}

  ui_phase phase = ui_phase::idle;
  std::string nickname;  // scanned, confirmed: server text, show as text only
  std::string photo;     // scanned, confirmed: an https: or data:image/ URL, or empty
  int error_code = 0;    // error: the server's envelope code, an HTTP status or a login_error
  std::string message;   // error: what went wrong, for a developer
  std::int64_t retry_in_ms = 0;  // reconnecting: delay before the next attempt

  bool operator==(const ui_state& other) const;
  bool operator!=(const ui_state& other) const { return !(*this == other); }
};

// Codes of failures the lifecycle finds itself, as login_error::<name>
// (server failures keep the server's envelope code, or the HTTP status when
// the body has none). Written once, in web/src/codes.js (ErrorCode 1000..1999;
// invalidConfig there is login_error::invalid_config here), and generated
// into <scan_login/codes.hpp>.
namespace login_error = codes::client;

enum class event_type { load, scanned, success, cancel, expired, error, statechange };

// "load", "scanned", "success", "cancel", "expired", "error", "statechange".
const char* event_type_name(event_type type);

struct login_event {
  event_type type = event_type::load;
  std::string ticket;  // success
  // success: the poll key of the ticket's code, the proof an app with
  // browserExchange "proof" asks for when the page exchanges the ticket
  // itself (the SDK's exchangeUserInfo). For the host alone: the element
  // keeps it (web/src/element/poll-keys.js) and never puts it in an event.
  std::string poll_key;
  std::string user_info_json;  // scanned, success: a JSON object ("{}" when unknown)
  int error_code = 0;          // error
  std::string message;         // error
  std::string state;           // statechange: ui_phase_name of the new phase
};

// The detail object of an event as JSON text, as the element dispatches it:
// load/cancel/expired {}, scanned {"userInfo"}, success {"ticket","userInfo"}
// (and "pollKey" when known, which the element takes out before dispatching),
// error {"code","message"}, statechange {"state"}.
std::string event_detail_json(const login_event& event);

// Request headers as a JSON object {"name": "value", ...}, for fetch().
std::string headers_json(const std::vector<http_header>& headers);

// The ui_state as a JSON object: {"state","nickname","photo","code","message","retryInMs"}.
std::string ui_state_json(const ui_state& state);

class login_host {
 public:
  virtual ~login_host() = default;

  // Starts a request. The answer comes later, never from inside this call,
  // through login_session::on_http_response(request.id, status, body).
  virtual void send_http(const http_request& request) = 0;
  // The session no longer wants the answer to request `id` (it ignores a late
  // one anyway); the host may abort it.
  virtual void cancel_http(int id) = 0;

  // Calls login_session::on_timer(id) once, `delay_ms` (>= 0) from now, and
  // never from inside this call.
  virtual void start_timer(int id, std::int64_t delay_ms) = 0;
  virtual void cancel_timer(int id) = 0;

  // Wall-clock time in Unix milliseconds.
  virtual std::int64_t now_ms() = 0;

  // Fills `size` bytes with cryptographically strong randomness.
  virtual void fill_random(std::uint8_t* data, std::size_t size) = 0;

  // Draws `text` as a QR code with the logo at `logo_url` (empty: no logo) in
  // its centre. The shown phase is told separately through show_state.
  virtual void show_qr(const std::string& text, const std::string& logo_url) = 0;

  virtual void show_state(const ui_state& state) = 0;

  // May call back into the session (a listener that stops or refreshes it).
  virtual void emit(const login_event& event) = 0;

  // Sends the page to `url`: an http(s) URL the lifecycle verified.
  virtual void navigate(const std::string& url) = 0;
};

}  // namespace scan_login
