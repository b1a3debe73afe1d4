#include "memory_store.hpp"

#include <algorithm>

namespace scan_login::server {

code_status effective_status(const code_record& record, std::int64_t now) {
  const bool open = record.status == code_status::waiting || record.status == code_status::scanned;
  return open && now >= record.expires_at ? code_status::expired : record.status;
}

bool memory_store::insert_code(const code_record& record) {
  if (codes_.count(record.random) || random_by_code_.count(record.code)) return false;
  random_by_code_.emplace(record.code, record.random);
  codes_.emplace(record.random, record);
  return true;
}

std::optional<code_record> memory_store::code_by_random(const std::string& random) const {
  const auto it = codes_.find(random);
  if (it == codes_.end()) return std::nullopt;
  return it->second;
}

std::optional<code_record> memory_store::code_by_code(const std::string& code) const {
  const auto it = random_by_code_.find(code);
  if (it == random_by_code_.end()) return std::nullopt;
  return code_by_random(it->second);
}

bool memory_store::update_code(const code_record& record) {
  const auto it = codes_.find(record.random);
  if (it == codes_.end()) return false;
  it->second = record;
  return true;
}

std::map<code_status, std::size_t> memory_store::codes_by_status(std::int64_t now) const {
  std::map<code_status, std::size_t> counts;
  for (const auto& [random, record] : codes_) ++counts[effective_status(record, now)];
  return counts;
}

void memory_store::insert_ticket(const ticket_record& record) { tickets_[record.ticket] = record; }

std::optional<ticket_record> memory_store::ticket(const std::string& ticket) const {
  const auto it = tickets_.find(ticket);
  if (it == tickets_.end()) return std::nullopt;
  return it->second;
}

bool memory_store::update_ticket(const ticket_record& record) {
  const auto it = tickets_.find(record.ticket);
  if (it == tickets_.end()) return false;
  it->second = record;
  return true;
}

std::optional<user_record> memory_store::user_by_key(const std::string& key) const {
  const auto it = user_by_key_.find(key);
  if (it == user_by_key_.end()) return std::nullopt;
  return user_by_id(it->second);
}

std::optional<user_record> memory_store::user_by_id(const std::string& id) const {
  const auto it = users_.find(id);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

void memory_store::save_user(const std::string& key, const user_record& user) {
  users_[user.id] = user;
  user_by_key_[key] = user.id;
}

std::optional<app_config> memory_store::app(const std::string& app_id) const {
  for (const auto& a : apps_) {
    if (a.app_id == app_id) return a;
  }
  return std::nullopt;
}

std::vector<app_config> memory_store::apps() const { return apps_; }

void memory_store::save_app(const app_config& app) {
  for (auto& a : apps_) {
    if (a.app_id == app.app_id) {
      a = app;
      return;
    }
  }
  apps_.push_back(app);
}

std::size_t memory_store::sweep(std::int64_t now, std::int64_t retention_ms) {
  std::size_t removed = 0;
  for (auto it = codes_.begin(); it != codes_.end();) {
    const auto& record = it->second;
    std::int64_t end = record.expires_at;
    if (!record.ticket.empty()) {
      const auto t = tickets_.find(record.ticket);
      if (t != tickets_.end()) end = std::max(end, t->second.expires_at);
    }
    if (now >= end + retention_ms) {
      random_by_code_.erase(record.code);
      it = codes_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  for (auto it = tickets_.begin(); it != tickets_.end();) {
    if (now >= it->second.expires_at + retention_ms) {
      it = tickets_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

}  // namespace scan_login::server
