#pragma once
// What every store conformance suite shares: a fresh store of the backend
// under test per test, record builders, a feed listener that tests can wait
// on, and a gate that starts racing threads together.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"

namespace scan_login::server::testing {

inline void PrintTo(const store_backend& backend, std::ostream* out) { *out << backend.name; }

}  // namespace scan_login::server::testing

// The suite's helpers live in a namespace of their own: backend-specific
// tests of the same test program keep theirs in `testing`.
namespace scan_login::server::testing::conformance {

// A fixed clock for every test: stores take `now` from the caller.
constexpr std::int64_t t0 = 1'700'000'000'000;

class store_conformance : public ::testing::TestWithParam<store_backend> {
 protected:
  void SetUp() override { instance_ = GetParam().create(); }

  store& db() { return *instance_.first; }

  // Closes the store (a restart) and opens the same data again.
  store& reopen() {
    instance_.first.reset();
    instance_.first = instance_.open_again();
    return *instance_.first;
  }

  bool shared_by_processes() const { return GetParam().shared_by_processes; }
  std::unique_ptr<store> open_second() { return instance_.open_again(); }

  store_backend::instance instance_;
};

// The gtest parameter name: the backend's name.
inline std::string backend_name(const ::testing::TestParamInfo<store_backend>& info) {
  return info.param.name;
}

// Each suite derives its own class from store_conformance and instantiates
// it over every backend with this.
#define SCAN_LOGIN_STORE_SUITE(suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::ValuesIn(all_backends()), backend_name)

// A waiting code `name` (random "r-<name>", code "c-<name>") of app "app1",
// made at t0 and expiring 120 s later.
inline code_record waiting_code(const std::string& name) {
  code_record record;
  record.random = "r-" + name;
  record.code = "c-" + name;
  record.app_id = "app1";
  record.status = code_status::waiting;
  record.created_at = t0;
  record.expires_at = t0 + 120'000;
  record.client_ip = "203.0.113.7";
  record.browser = "Chrome 120 on Windows";
  record.redirect_uri = "https://site.example/callback";
  record.params = R"({"a":1})";
  record.context = R"({"b":"x"})";
  return record;
}

inline wechat_user phone_user(const std::string& openid) {
  return {openid, "", "Nick " + openid, "https://img.example/" + openid + ".png"};
}

// The request that moves code `code` from waiting to scanned by `openid`.
inline transition_request scan_request(const std::string& code, const std::string& openid,
                                       std::int64_t now = t0 + 1'000) {
  transition_request request;
  request.code = code;
  request.from = code_status::waiting;
  request.to = code_status::scanned;
  request.now = now;
  request.scanner = phone_user(openid);
  request.scan_token = "token-" + openid;
  return request;
}

// The request that moves a scanned code to `to` (confirmed or cancelled)
// with the scan token of `openid`.
inline transition_request answer_request(const std::string& code, const std::string& openid,
                                         code_status to, std::int64_t now = t0 + 2'000) {
  transition_request request;
  request.code = code;
  request.from = code_status::scanned;
  request.to = to;
  request.now = now;
  request.expect_scan_token = "token-" + openid;
  return request;
}

// A login of `identity` ("openid:<id>") in `pool`, with `phone` (may be
// empty); a new account would get `new_id`.
inline confirm_effects login_of(const std::string& identity, const std::string& phone,
                                const std::string& new_id, const std::string& pool = "wechat") {
  confirm_effects effects;
  effects.pool = pool;
  effects.identity = identity;
  effects.phone = phone;
  effects.phone_verified = !phone.empty();
  effects.profile = phone_user(identity.substr(identity.find(':') + 1));
  effects.new_user_id = new_id;
  return effects;
}

// The effects of confirming code "c-<name>": a login plus ticket "t-<name>"
// expiring 300 s after `now`.
inline confirm_effects confirm_of(const std::string& name, const std::string& identity,
                                  const std::string& phone, const std::string& new_id,
                                  std::int64_t now = t0 + 2'000) {
  confirm_effects effects = login_of(identity, phone, new_id);
  effects.ticket.ticket = "t-" + name;
  effects.ticket.app_id = "app1";
  effects.ticket.redirect_uri = "https://site.example/callback";
  effects.ticket.params = R"({"a":1})";
  effects.ticket.expires_at = now + 300'000;
  return effects;
}

inline std::size_t count_of(const std::map<code_status, std::size_t>& counts, code_status status) {
  const auto it = counts.find(status);
  return it == counts.end() ? 0 : it->second;
}

// Records what the feed says; tests wait for a key instead of sleeping.
class feed_recorder : public status_feed_listener {
 public:
  void on_status_change(const std::string& random) override {
    {
      std::lock_guard lock(mutex_);
      ++heard_[random];
    }
    changed_.notify_all();
  }
  void on_feed_resync() override {}

  // Waits (up to 10 s) until `random` was heard at least once.
  bool wait_for(const std::string& random) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10),
                             [&] { return heard_.count(random) != 0; });
  }
  int times_heard(const std::string& random) {
    std::lock_guard lock(mutex_);
    const auto it = heard_.find(random);
    return it == heard_.end() ? 0 : it->second;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> heard_;
};

// Runs `work(i)` on `count` threads released together; returns when all end.
inline void race(int count, const std::function<void(int)>& work) {
  std::mutex mutex;
  std::condition_variable opened;
  bool open = false;
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      {
        std::unique_lock lock(mutex);
        opened.wait(lock, [&] { return open; });
      }
      work(i);
    });
  }
  {
    std::lock_guard lock(mutex);
    open = true;
  }
  opened.notify_all();
  for (auto& thread : threads) thread.join();
}

}  // namespace scan_login::server::testing::conformance
