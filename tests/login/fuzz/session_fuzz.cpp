// libFuzzer target: drives a login_session with arbitrary answers, statuses,
// clock jumps, visibility changes, stops and restarts. It aborts when the
// session crashes, asks for a negative delay, navigates anywhere but the
// configured callback, or calls the host after stop().
//
//   cmake --preset sanitize
//   cmake --build --preset sanitize --target login_session_fuzz
//   build/sanitize/tests/login/login_session_fuzz -max_total_time=600 -max_len=2048 \
//     build/sanitize/fuzz-corpus/login_session_fuzz tests/login/fuzz/session_corpus
// (scripts/fuzz runs every target; docs/testing.md.)

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "login/session.hpp"

namespace {

using namespace scan_login;

class checking_host : public login_host {
 public:
  std::vector<int> open;
  std::map<int, std::int64_t> timers;
  std::int64_t now = 1'700'000'000'000;
  bool stopped = false;

  void send_http(const http_request& r) override {
    touch();
    open.push_back(r.id);
  }
  void cancel_http(int id) override {
    for (auto it = open.begin(); it != open.end(); ++it) {
      if (*it == id) {
        open.erase(it);
        break;
      }
    }
  }
  void start_timer(int id, std::int64_t delay_ms) override {
    touch();
    if (delay_ms < 0) std::abort();
    timers[id] = now + delay_ms;
  }
  void cancel_timer(int id) override { timers.erase(id); }
  std::int64_t now_ms() override { return now; }
  void fill_random(std::uint8_t* data, std::size_t size) override { std::memset(data, 0x5a, size); }
  void show_qr(const std::string&, const std::string&) override { touch(); }
  void show_state(const ui_state& state) override {
    touch();
    (void)ui_state_json(state);
  }
  void emit(const login_event& event) override {
    touch();
    (void)event_detail_json(event);
  }
  void navigate(const std::string& url) override {
    touch();
    if (url.rfind("https://site.test/cb?", 0) != 0) std::abort();
  }

 private:
  void touch() const {
    if (stopped) std::abort();
  }
};

const char* const good_bodies[] = {
    R"({"code":200,"data":{"random":"R","qrcodeContent":"q","expiresIn":3}})",
    R"({"code":200,"data":{"status":0}})",
    R"({"code":200,"data":{"status":1,"userInfo":{"nickname":"n"}}})",
    R"({"code":200,"data":{"status":2,"ticket":"t"}})",
    R"({"code":200,"data":{"status":3}})",
    R"({"code":200,"data":{"status":-1}})",
    R"({"code":200,"data":{"callbackUrls":["https://site.test/cb"]}})",
    R"({"code":200,"data":{"id":"u"}})"};

const int statuses[] = {0, 200, 200, 200, 404, 410, 500, 429, 400, 403};

void answer(checking_host& host, login_session& session, int status, const std::string& body) {
  if (host.open.empty()) return;
  const int id = host.open.back();
  host.open.pop_back();
  session.on_http_response(id, status, body);
}

void fire_due_timers(checking_host& host, login_session& session) {
  for (;;) {
    auto next = host.timers.end();
    for (auto it = host.timers.begin(); it != host.timers.end(); ++it) {
      if (it->second <= host.now && (next == host.timers.end() || it->second < next->second)) {
        next = it;
      }
    }
    if (next == host.timers.end()) return;
    const int id = next->first;
    host.timers.erase(next);
    session.on_timer(id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  checking_host host;
  session_config config;
  config.host = "https://srv.test";
  config.app_id = "app";
  config.redirect_uri = "https://site.test/cb";
  config.auto_exchange = (data[0] & 1) != 0;
  config.auto_refresh = (data[0] & 2) != 0;
  config.wait_s = (data[0] & 4) != 0 ? 0 : 25;
  login_session session(host, config);
  session.start();
  for (std::size_t i = 1; i < size;) {
    const std::uint8_t op = data[i++];
    switch (op % 8) {
      case 0:
      case 1:
      case 2: {
        std::size_t length = i < size ? data[i++] : 0;
        if (length > size - i) length = size - i;
        answer(host, session, statuses[op / 8 % 10],
               std::string(reinterpret_cast<const char*>(data + i), length));
        i += length;
        break;
      }
      case 3:
        answer(host, session, 200, good_bodies[op / 8 % 8]);
        break;
      case 4:
        host.now += (op / 8) * 300;
        fire_due_timers(host, session);
        break;
      case 5:
        session.set_visible((op & 8) != 0);
        break;
      case 6:
        if ((op & 16) != 0) {
          session.stop();
          host.stopped = true;
        } else {
          host.stopped = false;
          (op & 8) != 0 ? session.refresh() : session.start();
        }
        break;
      default:
        session.on_timer(op);
        session.on_http_response(op, 200, "{}");
        break;
    }
  }
  return 0;
}
