#pragma once
// The in-memory store: hash maps, single-threaded (the server runs on one
// io_context thread).

#include <unordered_map>

#include "store.hpp"

namespace scan_login::server {

class memory_store final : public store {
 public:
  bool insert_code(const code_record& record) override;
  std::optional<code_record> code_by_random(const std::string& random) const override;
  std::optional<code_record> code_by_code(const std::string& code) const override;
  bool update_code(const code_record& record) override;
  std::size_t code_count() const override { return codes_.size(); }
  std::map<code_status, std::size_t> codes_by_status(std::int64_t now) const override;

  void insert_ticket(const ticket_record& record) override;
  std::optional<ticket_record> ticket(const std::string& ticket) const override;
  bool update_ticket(const ticket_record& record) override;

  std::optional<user_record> user_by_key(const std::string& key) const override;
  std::optional<user_record> user_by_id(const std::string& id) const override;
  void save_user(const std::string& key, const user_record& user) override;

  std::optional<app_config> app(const std::string& app_id) const override;
  std::vector<app_config> apps() const override;
  void save_app(const app_config& app) override;

  std::size_t sweep(std::int64_t now, std::int64_t retention_ms) override;

 private:
  std::unordered_map<std::string, code_record> codes_;           // by random
  std::unordered_map<std::string, std::string> random_by_code_;  // code -> random
  std::unordered_map<std::string, ticket_record> tickets_;
  std::unordered_map<std::string, user_record> users_;        // by id
  std::unordered_map<std::string, std::string> user_by_key_;  // account key -> id
  std::vector<app_config> apps_;                              // few; kept in config order
};

}  // namespace scan_login::server
