#pragma once
// fake_host: a login_host for tests. It records every request, timer, UI
// state, event, QR and navigation, and runs a virtual clock: advance() fires
// due timers in order, respond() answers the newest open request.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "login/host.hpp"
#include "login/session.hpp"

namespace scan_login::testing {

class fake_host : public login_host {
 public:
  std::int64_t now = 1'700'000'000'000;  // Unix ms
  std::vector<http_request> requests;    // every request sent, in order
  std::vector<int> open;                 // ids sent and neither answered nor cancelled
  std::vector<int> cancelled_requests;
  std::map<int, std::int64_t> timers;      // pending: id -> due time
  std::vector<std::int64_t> timer_delays;  // every delay asked for, in order
  std::vector<ui_state> states;
  std::vector<login_event> events;
  std::vector<std::pair<std::string, std::string>> qrs;  // text, logo
  std::vector<std::string> navigations;
  std::uint8_t random_byte = 0;  // fill_random writes this byte everywhere
  login_session* session = nullptr;
  std::function<void(const login_event&)> on_event;  // runs inside emit()

  void send_http(const http_request& request) override {
    requests.push_back(request);
    open.push_back(request.id);
  }
  void cancel_http(int id) override {
    cancelled_requests.push_back(id);
    open.erase(std::remove(open.begin(), open.end(), id), open.end());
  }
  void start_timer(int id, std::int64_t delay_ms) override {
    timers[id] = now + delay_ms;
    timer_delays.push_back(delay_ms);
  }
  void cancel_timer(int id) override { timers.erase(id); }
  std::int64_t now_ms() override { return now; }
  void fill_random(std::uint8_t* data, std::size_t size) override {
    std::fill(data, data + size, random_byte);
  }
  void show_qr(const std::string& text, const std::string& logo_url) override {
    qrs.emplace_back(text, logo_url);
  }
  void show_state(const ui_state& state) override { states.push_back(state); }
  void emit(const login_event& event) override {
    events.push_back(event);
    if (on_event) on_event(event);
  }
  void navigate(const std::string& url) override { navigations.push_back(url); }

  // Answers the newest open request (there must be one).
  void respond(int status, const std::string& body) {
    if (open.empty()) {
      ADD_FAILURE() << "no open request to answer";
      return;
    }
    const int id = open.back();
    open.pop_back();
    session->on_http_response(id, status, body);
  }

  // Answers the newest open request whose URL contains `url_part` (there must be one).
  void respond_to(const std::string& url_part, int status, const std::string& body) {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      const int id = *it;
      const auto sent = std::find_if(requests.begin(), requests.end(),
                                     [id](const http_request& r) { return r.id == id; });
      if (sent == requests.end() || sent->url.find(url_part) == std::string::npos) continue;
      open.erase(std::next(it).base());
      session->on_http_response(id, status, body);
      return;
    }
    ADD_FAILURE() << "no open request for " << url_part;
  }

  // The open requests whose URL contains `url_part`.
  int open_for(const std::string& url_part) const {
    int count = 0;
    for (int id : open) {
      for (const auto& r : requests) {
        if (r.id == id && r.url.find(url_part) != std::string::npos) ++count;
      }
    }
    return count;
  }

  // Moves the clock forward by `ms`, firing every timer that falls due, in order.
  void advance(std::int64_t ms) {
    const std::int64_t end = now + ms;
    for (;;) {
      auto next = std::min_element(timers.begin(), timers.end(), [](const auto& a, const auto& b) {
        return a.second < b.second || (a.second == b.second && a.first < b.first);
      });
      if (next == timers.end() || next->second > end) break;
      const int id = next->first;
      now = std::max(now, next->second);
      timers.erase(next);
      session->on_timer(id);
    }
    now = end;
  }

  const http_request& last_request() const { return requests.back(); }
  ui_phase phase() const { return states.empty() ? ui_phase::idle : states.back().phase; }

  // Event names except statechange, in order.
  std::vector<std::string> event_names() const {
    std::vector<std::string> names;
    for (const auto& event : events) {
      if (event.type != event_type::statechange) names.emplace_back(event_type_name(event.type));
    }
    return names;
  }

  int count_events(event_type type) const {
    return static_cast<int>(std::count_if(events.begin(), events.end(),
                                          [type](const auto& e) { return e.type == type; }));
  }

  std::string header(const http_request& request, const std::string& name) const {
    for (const auto& h : request.headers) {
      if (h.name == name) return h.value;
    }
    return "<none>";
  }
};

// Server answers in the protocol's envelope.
inline std::string envelope(const std::string& data) {
  return R"({"code":200,"message":"ok","data":)" + data + "}";
}

inline std::string gene_body(const std::string& random = "R1",
                             const std::string& content = "https://srv.test/m/C1",
                             int expires_in = 120) {
  return envelope(R"({"random":")" + random + R"(","qrcodeContent":")" + content +
                  R"(","url":"https://srv.test/q.svg","customLogo":"https://srv.test/logo.png",)" +
                  R"("expiresIn":)" + std::to_string(expires_in) + "}");
}

inline std::string check_body(int status, const std::string& extra = "") {
  return envelope(R"({"random":"R1","status":)" + std::to_string(status) + R"(,"expiresIn":100)" +
                  extra + "}");
}

inline std::string scanned_body() {
  return check_body(1, R"(,"userInfo":{"nickname":"Ada <b>","photo":"https://img.test/a.png"})");
}

inline std::string confirmed_body(const std::string& ticket = "T1") {
  return check_body(2, R"(,"ticket":")" + ticket + R"(","userInfo":{"nickname":"Ada"})");
}

// A config with a server host and long polling of 25 s.
inline session_config test_config() {
  session_config config;
  config.host = "https://srv.test/";
  config.app_id = "app1";
  return config;
}

}  // namespace scan_login::testing

namespace scan_login::testing {

// A session wired to its own fake host.
struct harness {
  explicit harness(session_config config = test_config()) : session(host, std::move(config)) {
    host.session = &session;
  }
  // start() and answer the gene: the code is shown and the first check is open.
  void show_code(int expires_in = 120) {
    session.start();
    host.respond(200, gene_body("R1", "https://srv.test/m/C1", expires_in));
  }

  fake_host host;
  login_session session;
};

}  // namespace scan_login::testing
