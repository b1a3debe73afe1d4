// The login lifecycle's WebAssembly interface: plain C functions (no embind,
// so the glue needs no eval) around scan_login::login_session, and a host
// whose calls go to JavaScript through wasm/bindings/login_host.js. No
// exception crosses into JS; failures come back as values or error states.
//
// Contract for the JS side (the <scan-login> element and the SDK):
//
// Strings into WASM are UTF-8 bytes in module memory given as (pointer,
// length): encode with TextEncoder, copy into _malloc'd memory (m.HEAPU8),
// call, then _free. Strings out of WASM are decoded by login_host.js.
//
//   id = _sl_login_create(config_ptr, config_len)
//     config: JSON {"host", "appId", "userPoolId"?, "lang"?, "redirectUri"?,
//     "state"?, "autoExchange"?, "autoRefresh"?, "interval"? (ms, default 800),
//     "wait"? (long-poll seconds, default 25, 0 = plain polling)}.
//     Returns a session id > 0, or 0 when the JSON is not an object or a key
//     has the wrong type; then _sl_login_last_error() is a C string saying why.
//     Values (appId missing, non-http URLs, ranges) are checked at start and
//     reported as the "error" state and event.
//   Then register the host object BEFORE starting:
//     m.scanLoginHosts[id] = host   (login_host.js creates m.scanLoginHosts)
//   _sl_login_start(id)            begin (no-op when running)
//   _sl_login_refresh(id)          new code: the overlay's refresh/retry buttons
//   _sl_login_stop(id)             cancel every timer and request; silent after
//   _sl_login_set_visible(id, v)   1 visible, 0 hidden (document.visibilityState)
//   _sl_login_http_response(id, request_id, status, body_ptr, body_len)
//                                  status: the HTTP status, 0 for a network failure
//   _sl_login_timer(id, timer_id)  a timer started by host.startTimer fired
//   _sl_login_state(id)            C string: the state value sent to the callback
//   _sl_login_destroy(id)          stop and free (safe inside a host callback);
//                                  then delete m.scanLoginHosts[id]
// Unknown or destroyed ids are ignored.
//
// The host object's methods, called synchronously from inside the calls above;
// each must return without calling back synchronously for sendHttp and
// startTimer (answer from a promise or a timeout). Any other call back into
// the session (e.g. stop() from an event listener) is allowed.
//   sendHttp(requestId, method, url, headers, body)
//     method "GET" | "POST"; url absolute or root-relative; headers a plain
//     object of strings; body a JSON string or null. Answer later with
//     _sl_login_http_response (status 0 when fetch rejects).
//   cancelHttp(requestId)      the answer is no longer wanted (abort the fetch)
//   startTimer(timerId, delayMs) / cancelTimer(timerId)
//   showQr(text, logoUrl)      draw `text` as the QR, logoUrl "" for none
//   showState(state)           {state: "idle" | "loading" | "showing-code" |
//                              "scanned" | "confirmed" | "expired" | "cancelled" |
//                              "reconnecting" | "error", nickname, photo,
//                              code, message, retryInMs}; show names as text only
//   emit(type, detail)         "load" | "scanned" {userInfo} | "success"
//                              {ticket, userInfo} | "cancel" | "expired" |
//                              "error" {code, message} | "statechange" {state}
//   navigate(url)              location.assign(url): a verified http(s) callback
// The clock (Date.now) and randomness (crypto.getRandomValues) are read by
// login_host.js itself.

#include <emscripten/emscripten.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "login/session.hpp"

extern "C" {
// Imported from login_host.js. Strings are NUL-terminated UTF-8.
void sl_login_host_send_http(int session, int request_id, const char* method, const char* url,
                             const char* headers_json, const char* body);
void sl_login_host_cancel_http(int session, int request_id);
void sl_login_host_start_timer(int session, int timer_id, double delay_ms);
void sl_login_host_cancel_timer(int session, int timer_id);
double sl_login_host_now_ms(void);
void sl_login_host_fill_random(std::uint8_t* data, int size);
void sl_login_host_show_qr(int session, const char* text, const char* logo_url);
void sl_login_host_show_state(int session, const char* state_json);
void sl_login_host_emit(int session, const char* type, const char* detail_json);
void sl_login_host_navigate(int session, const char* url);
}

namespace {

using namespace scan_login;

class js_host final : public login_host {
 public:
  explicit js_host(int session) : session_(session) {}

  void send_http(const http_request& r) override {
    sl_login_host_send_http(session_, r.id, r.method.c_str(), r.url.c_str(),
                            headers_json(r.headers).c_str(),
                            r.body.empty() ? nullptr : r.body.c_str());
  }
  void cancel_http(int id) override { sl_login_host_cancel_http(session_, id); }
  void start_timer(int id, std::int64_t delay_ms) override {
    sl_login_host_start_timer(session_, id, static_cast<double>(delay_ms));
  }
  void cancel_timer(int id) override { sl_login_host_cancel_timer(session_, id); }
  std::int64_t now_ms() override { return static_cast<std::int64_t>(sl_login_host_now_ms()); }
  void fill_random(std::uint8_t* data, std::size_t size) override {
    sl_login_host_fill_random(data, static_cast<int>(size));
  }
  void show_qr(const std::string& text, const std::string& logo_url) override {
    sl_login_host_show_qr(session_, text.c_str(), logo_url.c_str());
  }
  void show_state(const ui_state& state) override {
    sl_login_host_show_state(session_, ui_state_json(state).c_str());
  }
  void emit(const login_event& event) override {
    sl_login_host_emit(session_, event_type_name(event.type), event_detail_json(event).c_str());
  }
  void navigate(const std::string& url) override { sl_login_host_navigate(session_, url.c_str()); }

 private:
  int session_;
};

struct entry {
  entry(int id, session_config config) : id(id), host(id), session(host, std::move(config)) {}
  int id;
  js_host host;
  login_session session;
  int depth = 0;        // inputs of this session now on the call stack
  bool doomed = false;  // destroyed while depth > 0: freed when the outermost input returns
};

// A page holds a handful of sessions: a vector searched by id is smaller in
// the module than a map (~1.2 KB of tree code). Entries live on the heap, so
// an entry* stays valid while others come and go.
std::vector<std::unique_ptr<entry>>& sessions() {
  static std::vector<std::unique_ptr<entry>> all;
  return all;
}

entry* find_session(int id) {
  for (const auto& e : sessions()) {
    if (e->id == id) return e.get();
  }
  return nullptr;
}

void erase_session(int id) {
  auto& all = sessions();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i]->id == id) {
      all[i] = std::move(all.back());
      all.pop_back();
      return;
    }
  }
}

std::string& last_error() {
  static std::string message;
  return message;
}

// Runs `input` on session `id` unless it is unknown or destroyed, and frees a
// session destroyed meanwhile once no input of it is on the stack.
template <typename F>
void with_session(int id, F&& input) {
  entry* e = find_session(id);
  if (e == nullptr || e->doomed) return;
  ++e->depth;
  input(e->session);
  --e->depth;
  if (e->depth == 0 && e->doomed) erase_session(id);
}

std::string text_of(const char* data, int size) {
  return data == nullptr || size <= 0 ? std::string() : std::string(data, std::size_t(size));
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int sl_login_create(const char* config_json, int config_len) {
  static int next_id = 1;
  auto config = parse_session_config(text_of(config_json, config_len));
  if (!config) {
    last_error() = config.error_message();
    return 0;
  }
  const int id = next_id++;
  auto made = std::unique_ptr<entry>(new (std::nothrow) entry(id, std::move(config).value()));
  if (!made) {
    last_error() = "out of memory";
    return 0;
  }
  sessions().push_back(std::move(made));
  last_error().clear();
  return id;
}

EMSCRIPTEN_KEEPALIVE const char* sl_login_last_error(void) { return last_error().c_str(); }

EMSCRIPTEN_KEEPALIVE void sl_login_start(int id) {
  with_session(id, [](login_session& s) { s.start(); });
}

EMSCRIPTEN_KEEPALIVE void sl_login_refresh(int id) {
  with_session(id, [](login_session& s) { s.refresh(); });
}

EMSCRIPTEN_KEEPALIVE void sl_login_stop(int id) {
  with_session(id, [](login_session& s) { s.stop(); });
}

EMSCRIPTEN_KEEPALIVE void sl_login_set_visible(int id, int visible) {
  with_session(id, [visible](login_session& s) { s.set_visible(visible != 0); });
}

EMSCRIPTEN_KEEPALIVE void sl_login_http_response(int id, int request_id, int status,
                                                 const char* body, int body_len) {
  const std::string text = text_of(body, body_len);
  with_session(id, [&](login_session& s) { s.on_http_response(request_id, status, text); });
}

EMSCRIPTEN_KEEPALIVE void sl_login_timer(int id, int timer_id) {
  with_session(id, [timer_id](login_session& s) { s.on_timer(timer_id); });
}

EMSCRIPTEN_KEEPALIVE const char* sl_login_state(int id) {
  const entry* e = find_session(id);
  return e == nullptr ? "" : e->session.state().c_str();
}

EMSCRIPTEN_KEEPALIVE void sl_login_destroy(int id) {
  entry* e = find_session(id);
  if (e == nullptr || e->doomed) return;
  e->doomed = true;
  e->session.stop();
  if (e->depth == 0) erase_session(id);
}

}  // extern "C"
