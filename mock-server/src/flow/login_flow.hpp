#pragma once
// The login domain: the only code that knows the rules of a login (the code
// state machine, the scan token, tickets and their single use, the account
// rule's inputs, apps and signing keys). It knows nothing of HTTP.
//
// Shape of its waiting calls (decided once, for the store here and WeChat
// later): every call is synchronous and may block on the store; the shell
// runs it on a bounded worker pool and completes the HTTP exchange on the
// io thread (a completion handler posted back). A slow database therefore
// occupies workers, never the io thread that serves other connections.
// The clock and randomness are injected; refusals are typed (flow_error).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/crypto_util.hpp"
#include "auth/key_ring.hpp"
#include "config/app_config.hpp"
#include "flow/flow_error.hpp"
#include "store/store.hpp"
#include "wechat/wechat_gateway.hpp"

namespace scan_login::server {

struct flow_settings {
  std::string issuer;  // the server's public URL: token `iss`
  limits_config limits;
  std::optional<int> qr_expires_override;      // seconds, for every app (--qr-expires-in)
  std::optional<int> ticket_expires_override;  // seconds, for every app
  std::size_t max_custom_bytes = 4096;         // serialized params / context, each
  int max_custom_depth = 8;                    // nesting of params / context
  std::size_t max_live_bytes = 256u << 20;     // bytes of live codes this process made
  // The way to WeChat for `wechat` apps; none = their scans fail as
  // misconfigured. The mini program of apps that name none of their own.
  std::shared_ptr<wechat_gateway> wechat;
  mini_program_config default_mini_program;
};

// How the phone client says who scanned (PROTOCOL.md "Phone side").
struct scan_input {
  std::string js_code;  // wechat: from wx.login; the server asks WeChat whose it is
  // demo: the identity the stand-in page asserts; wechat: only nickname and
  // photo (display data the person chose), openid/unionid must be empty.
  wechat_user claimed;
  std::string ip;  // the phone's address, for the audit log
};

struct confirm_input {
  std::string scan_token;
  // Display data the person picked on the phone (nickname, photo); the
  // scan's when empty. Never an identity: openid/unionid are not taken here.
  std::string nickname;
  std::string photo;
  std::string phone;       // demo: as typed (normalized); wechat: must be empty
  std::string phone_code;  // wechat: from getPhoneNumber; WeChat gives the number
  std::string real_name;
  std::string ip;  // the phone's address, for the audit log
};

struct gene_input {
  std::string app_id;
  std::string redirect_uri;  // empty = none
  nlohmann::json params;     // object or null
  nlohmann::json context;    // object or null
  std::string client_ip;
  std::string browser;
};

struct gene_output {
  code_record record;
  app_config app;
};

struct check_output {
  code_record record;
  code_status status;               // effective at the time of the call
  std::optional<user_record> user;  // confirmed codes
  bool full_user_info = false;      // the app returns the whole user on check
};

struct code_view {
  code_record record;
  app_config app;
  code_status status;
};

// Who asked for a change, for the audit log: "admin", "phone" or "server",
// and from which address (empty = none).
struct audit_actor {
  std::string actor;
  std::string ip;
};

// A user as the admin API shows one: the account, its WeChat identities and
// where it logged in (from the audit log).
struct user_details {
  user_record user;
  std::vector<identity_record> identities;
  std::vector<audit_record> events;  // audit entries of this user, newest first
};

// How the caller of a ticket exchange proved itself.
struct exchange_credentials {
  std::string app_id;        // from HTTP Basic, else empty
  std::string secret;        // empty = a browser
  std::string origin;        // a browser's Origin header
  bool same_origin = false;  // that origin is this server's own
  std::string random;        // a browser's proof: the poll key of the ticket's code
  // The server's own demo callback page, playing the backend of the app
  // whose callback it is: it cannot send the secret (the store keeps only
  // its hash), and the call never leaves the process.
  bool own_demo_backend = false;
};

struct exchange_output {
  user_record user;
  ticket_record ticket;
  app_config app;
  std::string token;
  std::int64_t token_expires_at = 0;  // unix seconds
};

using clock_source = std::function<std::int64_t()>;  // unix ms

class login_flow {
 public:
  login_flow(flow_settings settings, store& state, key_ring& keys, clock_source clock,
             random_source random);

  std::int64_t now() const { return clock_(); }
  const flow_settings& settings() const { return settings_; }

  // --- PC side ---
  flow_result<gene_output> gene(const gene_input& input);
  flow_result<check_output> check(const std::string& random);
  // Ticket for its user and a signed token; single use.
  flow_result<exchange_output> exchange_ticket(const std::string& ticket,
                                               const exchange_credentials& who);

  // --- phone side ---
  flow_result<code_view> code_context(const std::string& code);
  // The scan token. A code already scanned gives it again only for a fresh
  // proof of the same WeChat identity (a wechat app's new jsCode); a demo
  // app's self-asserted identity proves nothing, so never.
  flow_result<std::string> scan(const std::string& code, const scan_input& input);
  flow_result<ticket_record> confirm(const std::string& code, const confirm_input& input);
  // The scanner's avatar (display data the person picked): stored once per
  // picture; returns its id. Only the scanner of a scanned code uploads.
  flow_result<std::string> upload_avatar(const std::string& code, const std::string& scan_token,
                                         const std::string& content_type, const std::string& bytes);
  std::optional<avatar_record> avatar(const std::string& id) { return store_.avatar(id); }

  // Only the scanner cancels (its scan token); a waiting code is not cancelled.
  flow_result<code_status> cancel(const std::string& code, const std::string& scan_token,
                                  const std::string& ip = {});

  // The mini program `app` logs in through: its own, else the server's default.
  const mini_program_config& mini_program_of(const app_config& app) const;
  // Every mini program whose verification file the server serves.
  std::vector<mini_program_config> mini_programs();

  // --- apps ---
  // As used: "{publicUrl}" filled in with the server's public URL.
  flow_result<app_config> app(const std::string& app_id);
  std::vector<app_config> apps();
  // As stored, placeholders kept (what the admin API shows and edits).
  flow_result<app_config> stored_app(const std::string& app_id);
  std::vector<app_config> stored_apps();
  // `doc` in the config file's field names; a missing appSecret is generated.
  // Returns the app with its secret (shown once).
  flow_result<app_config> create_app(const nlohmann::json& doc);
  flow_result<app_config> update_app(const std::string& app_id, const nlohmann::json& changes);
  flow_result<bool> delete_app(const std::string& app_id);
  flow_result<app_config> rotate_app_secret(const std::string& app_id);  // secret shown once

  // --- signing keys ---
  // First start: generates the deployment's key unless the store has one.
  // `import_pem`, when given, becomes the active key unless it already is.
  // Then loads the ring. False and `error` when it cannot.
  bool prepare_signing_keys(const std::string& import_pem, std::string& error);
  // A new active key; the previous one stays in the JWKS until its last
  // token expired. Returns the new kid.
  flow_result<std::string> rotate_signing_key();
  // Re-reads the keys (another process may have rotated). Quiet on failure.
  void reload_signing_keys();
  const key_ring& keys() const { return keys_; }

  // --- users (flow/users.cpp): what operators do with accounts ---
  // A search; limit 1..200 (bad_field otherwise).
  flow_result<user_page> find_users(const user_query& query);
  // The account, its identities and its latest 100 audit entries.
  flow_result<user_details> user_details_of(const std::string& id);
  // Blocks or unblocks; a blocked account's logins are refused at scan and
  // confirm (the phone hears why, the PC's check answers account_blocked).
  flow_result<user_record> set_user_blocked(const std::string& id, bool blocked,
                                            const audit_actor& by);
  // Deletes the account and its personal data (store::delete_user).
  flow_result<bool> delete_user(const std::string& id, const audit_actor& by);
  // Everything kept about the account (every audit entry of it), for a
  // data export; the export itself is audited.
  flow_result<user_details> export_user(const std::string& id, const audit_actor& by);

  // --- audit log (flow/audit.cpp) ---
  // Appends an entry; never throws (a store that fails is logged, the
  // change it records already happened). `detail` is an object or null.
  void audit(const std::string& kind, const std::string& app_id, const std::string& user_id,
             const audit_actor& by, const nlohmann::json& detail = nullptr);
  // Newest first; limit 1..500 (bad_field otherwise).
  flow_result<std::vector<audit_record>> audit_log(const audit_query& query);

  // --- housekeeping ---
  std::size_t sweep();
  // Throws store_unavailable when the store cannot serve.
  void ping() { store_.ping(); }
  std::map<code_status, std::size_t> codes_by_status() { return store_.codes_by_status(clock_()); }

 private:
  // Why a browser (no app secret) may not exchange `ticket` for `app`, if it
  // may not (browserExchange, allowedOrigins, the poll key as proof).
  std::optional<flow_failure> refuse_browser_exchange(const app_config& app,
                                                      const std::string& ticket,
                                                      const exchange_credentials& who);
  std::optional<app_config> load_app(const std::string& app_id);
  int qr_lifetime(const app_config& app) const;
  int ticket_lifetime(const app_config& app) const;
  std::optional<flow_failure> check_custom(const char* field, const nlohmann::json& value) const;
  bool reserve_live(std::size_t bytes, std::int64_t now, std::int64_t ends_at);
  flow_result<code_record> open_code(const std::string& code);
  // A login landing on blocked account `user_id`: ends the code from
  // `end_from` when given (cancelled, refusal "account_blocked"; a scanned
  // code only with its scan token), audits, and returns the phone's refusal.
  flow_failure refuse_blocked(const code_record& record, std::optional<code_status> end_from,
                              const char* step, const std::string& user_id, const std::string& ip);
  // An audit entry at the flow's clock (what audit() appends).
  audit_record audit_entry(const std::string& kind, const std::string& app_id,
                           const std::string& user_id, const audit_actor& by,
                           const nlohmann::json& detail) const;
  // Audits a refused login attempt on a known code.
  void audit_refusal(const code_record& record, const flow_failure& failure, const char* step,
                     const std::string& ip);
  // Who a wechat app's scanner is, from WeChat (or why not).
  flow_result<wechat_user> identity_from_wechat(const app_config& app, const scan_input& input);

  flow_settings settings_;
  store& store_;
  key_ring& keys_;
  clock_source clock_;
  random_source random_;
  std::mutex live_mutex_;
  std::multimap<std::int64_t, std::size_t> live_;  // codes this process made: end -> bytes
  std::size_t live_bytes_ = 0;
};

}  // namespace scan_login::server
