#include "store/code_view_store.hpp"

namespace scan_login::server {
namespace {
// Apps are few; a deployment with more than this many in use re-reads some.
constexpr std::size_t max_apps = 10'000;
}  // namespace

code_view_store::code_view_store(std::unique_ptr<store> inner, std::chrono::milliseconds max_age,
                                 std::size_t max_entries)
    : forwarding_store(std::move(inner)), max_age_(max_age), max_entries_(max_entries) {
  inner_->set_feed_listener(this);
}

code_view_store::~code_view_store() { inner_->set_feed_listener(nullptr); }

template <typename Record, typename Read>
std::optional<Record> code_view_store::read_through(held_map<Record>& held, std::uint64_t& forgets,
                                                    std::size_t max_held, const std::string& key,
                                                    Read&& read) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t forgets_before = 0;
  {
    std::lock_guard lock{mutex_};
    const auto it = held.find(key);
    if (it != held.end() && now - it->second.read_at < max_age_) return it->second.value;
    forgets_before = forgets;
  }
  auto found = read();
  if (found) {
    std::lock_guard lock{mutex_};
    // A change heard while we read may be newer than what we read: keep
    // nothing then (the next read goes to the store again).
    if (forgets == forgets_before) {
      if (held.size() >= max_held) held.clear();
      held[key] = held_record<Record>{*found, now};
    }
  }
  return found;
}

std::optional<code_record> code_view_store::code_by_random(const std::string& random) {
  return read_through(entries_, forgets_, max_entries_, random,
                      [&] { return inner_->code_by_random(random); });
}

std::optional<app_config> code_view_store::app(const std::string& app_id) {
  return read_through(apps_, app_forgets_, max_apps, app_id, [&] { return inner_->app(app_id); });
}

bool code_view_store::insert_app(const app_config& app) {
  const bool inserted = inner_->insert_app(app);
  forget_app(app.app_id);
  return inserted;
}

bool code_view_store::update_app(const app_config& app) {
  const bool updated = inner_->update_app(app);
  forget_app(app.app_id);
  return updated;
}

bool code_view_store::delete_app(const std::string& app_id) {
  const bool deleted = inner_->delete_app(app_id);
  forget_app(app_id);
  return deleted;
}

bool code_view_store::seed_apps_once(const std::vector<app_config>& apps) {
  const bool seeded = inner_->seed_apps_once(apps);
  std::lock_guard lock{mutex_};
  apps_.clear();
  ++app_forgets_;
  return seeded;
}

transition_result code_view_store::transition(const transition_request& request,
                                              const std::optional<confirm_effects>& confirm) {
  auto result = inner_->transition(request, confirm);
  if (result.moved && result.record) forget(result.record->random);
  return result;
}

std::size_t code_view_store::sweep(std::int64_t now, std::int64_t retention_ms) {
  const auto removed = inner_->sweep(now, retention_ms);
  if (removed > 0) forget_all();
  return removed;
}

void code_view_store::set_feed_listener(status_feed_listener* listener) {
  // The store's own barrier first: changes committed before this call reach
  // the previous listener through this view; only then swap.
  inner_->set_feed_listener(this);
  std::lock_guard lock{listener_mutex_};
  listener_ = listener;
}

void code_view_store::on_status_change(const std::string& random) {
  forget(random);  // before the shell hears it, so a woken poll reads fresh data
  std::lock_guard lock{listener_mutex_};
  if (listener_) listener_->on_status_change(random);
}

void code_view_store::on_app_change(const std::string& app_id) { forget_app(app_id); }

void code_view_store::on_feed_resync() {
  forget_all();
  std::lock_guard lock{listener_mutex_};
  if (listener_) listener_->on_feed_resync();
}

void code_view_store::forget(const std::string& random) {
  std::lock_guard lock{mutex_};
  entries_.erase(random);
  ++forgets_;
}

void code_view_store::forget_app(const std::string& app_id) {
  std::lock_guard lock{mutex_};
  apps_.erase(app_id);
  ++app_forgets_;
}

void code_view_store::forget_all() {
  std::lock_guard lock{mutex_};
  entries_.clear();
  apps_.clear();
  ++forgets_;
  ++app_forgets_;
}

}  // namespace scan_login::server
