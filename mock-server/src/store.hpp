#pragma once
// The state of the identity server behind a narrow interface: codes (by poll
// key and by scan code), tickets, users (by account key) and apps. Values
// are copied in and out so that a shared store (e.g. Redis, for several
// server processes) can implement the same calls. memory_store is the default.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app_config.hpp"

namespace scan_login::server {

// Stored status of a code (PROTOCOL.md). `expired` is never stored: a code
// in `waiting` or `scanned` past its expires_at reads as expired.
enum class code_status : int {
  expired = -1,
  waiting = 0,
  scanned = 1,
  confirmed = 2,
  cancelled = 3
};

struct wechat_user {
  std::string openid;
  std::string unionid;
  std::string nickname;
  std::string photo;
};

struct code_record {
  std::string random;  // poll key (PC browser only)
  std::string code;    // scan code (in the QR)
  std::string app_id;
  code_status status = code_status::waiting;
  std::int64_t created_at = 0;  // unix ms
  std::int64_t expires_at = 0;  // unix ms
  std::string client_ip;        // the PC that asked for the code
  std::string browser;          // readable summary of its User-Agent
  std::string redirect_uri;     // bound at gene; empty = none asked
  nlohmann::json params;        // custom data for the ticket exchange (null = none)
  nlohmann::json context;
  wechat_user scanner;     // set on scan
  std::string scan_token;  // secret given to the scanning phone; confirm/cancel need it
  std::string ticket;      // set on confirm
  std::string user_id;     // set on confirm
};

struct ticket_record {
  std::string ticket;
  std::string app_id;
  std::string user_id;
  std::string redirect_uri;
  nlohmann::json params;
  std::int64_t expires_at = 0;  // unix ms
  bool used = false;
};

struct user_record {
  std::string id;
  std::string phone;  // empty when the user never shared one
  bool phone_verified = false;
  std::string name;  // real name
  std::string nickname;
  std::string photo;
  std::string openid;
  std::string unionid;
  std::int64_t registered_at = 0;  // unix ms
  std::int64_t last_login_at = 0;
  std::int64_t logins_count = 0;
};

class store {
 public:
  virtual ~store() = default;

  // Codes. insert_code fails (false) when the random or the code exists.
  virtual bool insert_code(const code_record& record) = 0;
  virtual std::optional<code_record> code_by_random(const std::string& random) const = 0;
  virtual std::optional<code_record> code_by_code(const std::string& code) const = 0;
  // Replaces the record with the same random; false when it is gone.
  virtual bool update_code(const code_record& record) = 0;
  virtual std::size_t code_count() const = 0;
  // Stored codes by effective status at `now` (for /metrics).
  virtual std::map<code_status, std::size_t> codes_by_status(std::int64_t now) const = 0;

  virtual void insert_ticket(const ticket_record& record) = 0;
  virtual std::optional<ticket_record> ticket(const std::string& ticket) const = 0;
  virtual bool update_ticket(const ticket_record& record) = 0;

  // Users by account key ("phone:<number>", "unionid:<id>" or "openid:<id>").
  virtual std::optional<user_record> user_by_key(const std::string& key) const = 0;
  virtual std::optional<user_record> user_by_id(const std::string& id) const = 0;
  virtual void save_user(const std::string& key, const user_record& user) = 0;

  virtual std::optional<app_config> app(const std::string& app_id) const = 0;
  virtual std::vector<app_config> apps() const = 0;
  virtual void save_app(const app_config& app) = 0;

  // Drops codes whose end (expiry, or the ticket's for confirmed codes) is
  // more than `retention_ms` ago and tickets past expiry + retention.
  // Returns how many records it removed.
  virtual std::size_t sweep(std::int64_t now, std::int64_t retention_ms) = 0;
};

// Effective status at `now`: waiting/scanned past expires_at read as expired.
code_status effective_status(const code_record& record, std::int64_t now);

}  // namespace scan_login::server
