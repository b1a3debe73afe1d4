#pragma once
// The store: one interface of atomic verbs over everything the server keeps
// (codes, tickets, accounts, apps, signing keys, settings), plus a feed of
// status changes. Backends: sqlite (embedded default, one process) and
// postgres (several processes on one or many hosts).
//
// Contract of every backend:
// - Each verb is atomic: a verb that changes state succeeds for exactly one
//   caller however many threads or processes race on the same row, and a
//   verb that fails changes nothing.
// - Verbs block the calling thread (the shell runs them on a bounded worker
//   pool, never on the io thread) and are safe to call from many threads.
//   Inside a memory_only_scope (store/memory_only.hpp) a verb that would
//   reach the database throws would_block instead, before any effect.
// - A lost or broken database throws store_unavailable (with a message an
//   operator can act on); nothing else is thrown for runtime conditions. A
//   verb in flight when the database dies fails once that way: callers may
//   retry. Misuse by the caller (a confirm without confirm_effects, a move
//   from or to `expired`) is std::invalid_argument: a bug, not a condition.
// - Times are unix ms from the caller's clock (the flow's). A code or ticket
//   is expired at now >= expires_at.
// - After a status change commits, the feed listener hears the code's poll
//   key from every process of the deployment (in-process for sqlite,
//   LISTEN/NOTIFY for postgres). After the feed lost messages (a reconnect)
//   the listener hears on_feed_resync(), and must re-read what it waits on.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/app_config.hpp"
#include "store/records.hpp"

namespace scan_login::server {

// The database cannot be reached or failed; the request may be retried.
class store_unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store cannot be opened (not a database, a newer schema, already used
// by another process, unreachable): the message says what to do. Thrown by
// the open_* functions only.
class store_open_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Hears status changes. Called on any thread (a worker or the feed's own);
// implementations hand the work to their own executor and return at once.
class status_feed_listener {
 public:
  virtual ~status_feed_listener() = default;
  virtual void on_status_change(const std::string& random) = 0;
  // An app was created, changed or deleted (by any process; postgres only:
  // a sqlite store has one process, whose view sees its own writes).
  virtual void on_app_change(const std::string& /*app_id*/) {}
  virtual void on_feed_resync() = 0;
};

// A move of one code from one status to another (PROTOCOL.md transitions).
struct transition_request {
  std::string code;  // the scan code
  code_status from = code_status::waiting;
  code_status to = code_status::scanned;
  std::int64_t now = 0;  // a waiting/scanned code with expires_at <= now does not move
  // When non-empty, the stored scan_token must equal it.
  std::string expect_scan_token;
  // Set when moving to scanned.
  std::optional<wechat_user> scanner;
  std::string scan_token;
  // Set when the server itself moves a code to cancelled (code_record::refusal).
  std::string refusal;
};

// What a confirm also does, in the same transaction as the move to confirmed.
struct confirm_effects {
  // The account rule's input (see link_account below).
  std::string pool;
  std::string phone;  // normalized; empty = not shared this time
  bool phone_verified = false;
  std::string identity;  // "unionid:<id>" or "openid:<id>", the WeChat identity
  wechat_user profile;
  std::string real_name;    // empty = keep the stored one
  std::string new_user_id;  // used when the rule registers a new user
  // The ticket to insert; user_id is filled in by the store.
  ticket_record ticket;
  // The audit entry of the login, inserted in the same transaction (so a
  // confirm is never without it, and costs no second write); user_id is
  // filled in by the store. None = no entry.
  std::optional<audit_record> audit;
};

struct transition_result {
  bool moved = false;
  // The code after the move (moved), or as found (not moved); empty when no
  // code has this scan code.
  std::optional<code_record> record;
  // The account that logged in (a confirm that moved).
  std::optional<user_record> user;
  // A confirm whose account is blocked: nothing changed (moved is false,
  // record empty; user is the blocked account).
  bool blocked = false;
};

// A search of the accounts (the admin API's users list).
struct user_query {
  // Matched against the phone number (digits anywhere), the id (exact or
  // prefix), the openid and unionid (exact), the name and nickname
  // (anywhere, case-sensitive). Empty = every account.
  std::string text;
  std::string pool;                   // empty = every pool
  std::optional<bool> blocked;        // none = both
  std::int64_t registered_from = 0;   // unix ms, inclusive; 0 = no bound
  std::int64_t registered_until = 0;  // unix ms, exclusive; 0 = no bound
  std::size_t limit = 50;
  std::size_t offset = 0;
};

struct user_page {
  std::vector<user_record> users;  // newest registration first
  std::size_t total = 0;           // matches without limit/offset
};

// A search of the audit log, newest first.
struct audit_query {
  std::string app_id;          // empty = every app
  std::string user_id;         // empty = every user
  std::string kind;            // exact, or a prefix ending in '.' ("login."); empty = all
  std::int64_t before_id = 0;  // only entries with id < before_id; 0 = from the newest
  std::size_t limit = 50;
};

enum class consume_outcome { consumed, unknown, used, expired };

struct consume_result {
  consume_outcome outcome = consume_outcome::unknown;
  std::optional<ticket_record> ticket;  // set unless unknown
  // When consumed: the ticket's user, read in the same transaction as the
  // consumption (empty if the account no longer exists). One verb, so a
  // database lost between "mark used" and "read the user" cannot leave a
  // ticket spent whose user was never handed out.
  std::optional<user_record> user;
};

class store {
 public:
  virtual ~store() = default;

  // Throws store_unavailable when the database cannot serve (/healthz).
  virtual void ping() = 0;

  // --- settings (e.g. the admin token) ---
  // The stored value of `name`; when there is none, stores `value` and
  // returns it (of racing callers, one value wins and all get it).
  virtual std::string setting_or_insert(const std::string& name, const std::string& value) = 0;
  virtual void set_setting(const std::string& name, const std::string& value) = 0;

  // --- apps ---
  virtual std::vector<app_config> apps() = 0;  // ordered by creation
  virtual std::optional<app_config> app(const std::string& app_id) = 0;
  virtual bool insert_app(const app_config& app) = 0;      // false when the id exists
  virtual bool update_app(const app_config& app) = 0;      // false when the id is gone
  virtual bool delete_app(const std::string& app_id) = 0;  // false when the id is gone
  // On the store's first start only (a flag in the store, set in the same
  // transaction): inserts `apps`. Returns true when it seeded.
  virtual bool seed_apps_once(const std::vector<app_config>& apps) = 0;

  // --- signing keys ---
  // Every key still to publish (active first, then retired by retired_at desc).
  virtual std::vector<signing_key_record> signing_keys() = 0;
  // Makes `key` the active key. When `only_if_none` and an active key
  // exists, changes nothing and returns false (first start of racing
  // processes: one key wins). Otherwise the previous active key is retired
  // at key.created_at with verify_until = key.created_at + `previous_verify_ms`.
  // A key whose kid is stored already changes nothing and returns false.
  virtual bool add_signing_key(const signing_key_record& key, bool only_if_none,
                               std::int64_t previous_verify_ms) = 0;
  // Compare-and-set of one key's stored private_pem (re-encrypting it at
  // rest): true when `kid`'s private_pem was `expected` and is now `pem`;
  // false, changing nothing, when it differs (another process rewrote it)
  // or the kid is gone.
  virtual bool replace_signing_key_pem(const std::string& kid, const std::string& expected,
                                       const std::string& pem) = 0;

  // --- codes ---
  // False when the random or the code exists.
  virtual bool insert_code(const code_record& record) = 0;
  virtual std::optional<code_record> code_by_random(const std::string& random) = 0;
  virtual std::optional<code_record> code_by_code(const std::string& code) = 0;
  // Moves the code when its stored status is `from`, it is not expired at
  // `now` and the scan token matches; `confirm` must be set exactly when
  // moving to confirmed: then, in the same transaction, the account rule
  // runs, the ticket is inserted, the code gets ticket and user_id, and the
  // user's login is counted (last_login_at = now, logins_count + 1).
  // A move is published on the feed after it commits.
  virtual transition_result transition(const transition_request& request,
                                       const std::optional<confirm_effects>& confirm) = 0;

  // --- tickets ---
  virtual std::optional<ticket_record> ticket(const std::string& ticket) = 0;
  // Marks the ticket used when it exists, is unused and not expired at `now`,
  // and reads its user in the same transaction (consume_result::user).
  virtual consume_result consume_ticket(const std::string& ticket, std::int64_t now) = 0;

  // --- accounts ---
  // The account rule (PROTOCOL.md "Account system"), within `pool`:
  // 1. phone given and owned by an account: that account;
  //    phone given, unowned: the account linked to `identity` if it has no
  //    phone (it gets this one), else a new account with this phone;
  //    no phone: the account linked to `identity`, else a new account.
  // 2. `identity` is linked to the chosen account (moved from another one).
  // 3. The account takes the profile (nickname, photo, openid, unionid when
  //    non-empty), real_name when non-empty, phone and phone_verified when a
  //    phone was given. New accounts get new_user_id and registered_at = now.
  // Does not count a login (only a confirm does). Runs inside transition()
  // for a confirm; exposed for tests and tools.
  virtual user_record link_account(const confirm_effects& login, std::int64_t now) = 0;
  virtual std::optional<user_record> user_by_id(const std::string& id) = 0;
  // The account `identity` is linked to in `pool`, if any.
  virtual std::optional<user_record> user_by_identity(const std::string& pool,
                                                      const std::string& identity) = 0;

  // --- users (operators) ---
  virtual user_page find_users(const user_query& query) = 0;
  virtual std::vector<identity_record> identities_of(const std::string& user_id) = 0;
  // Blocks (blocked_at > 0) or unblocks (0) the account; the account as it
  // is now, or none when the id is unknown. A blocked account's confirm
  // changes nothing (transition_result::blocked).
  virtual std::optional<user_record> set_user_blocked(const std::string& id,
                                                      std::int64_t blocked_at) = 0;
  // Deletes the account and its personal data in one transaction: the
  // user row, its identities, its tickets (so an open one no longer
  // exchanges), its avatar when no other account shows it, and the
  // scanner's data and user id on its codes. Audit entries keep the id
  // only. False when the id is unknown.
  virtual bool delete_user(const std::string& id) = 0;

  // --- audit log ---
  virtual void append_audit(const audit_record& entry) = 0;  // entry.id is ignored
  virtual std::vector<audit_record> audit(const audit_query& query) = 0;

  // --- avatars ---
  // Stores `avatar` unless one with its id is stored (ids are content
  // hashes: the same picture twice is one row).
  virtual void put_avatar(const avatar_record& avatar) = 0;
  virtual std::optional<avatar_record> avatar(const std::string& id) = 0;

  // --- housekeeping ---
  // Drops codes whose end (expiry, or their ticket's expiry) is strictly
  // more than `retention_ms` before `now`, tickets likewise, and retired keys
  // with verify_until < now. Returns how many records went. Safe to run from
  // every process at once. A scanned code that expired unconfirmed leaves
  // an audit entry "login.expired" (at its expiry) as it goes; one never
  // scanned was no login attempt and leaves none.
  virtual std::size_t sweep(std::int64_t now, std::int64_t retention_ms) = 0;
  // Drops audit entries with at < `before`; returns how many went.
  virtual std::size_t sweep_audit(std::int64_t before) = 0;
  // Stored codes by effective status at `now` (for /metrics); statuses
  // without codes may be missing.
  virtual std::map<code_status, std::size_t> codes_by_status(std::int64_t now) = 0;

  // --- feed ---
  // The listener must outlive the store or be reset to nullptr first.
  // Returns once changes committed before the call went to the previous
  // listener (it may block briefly, at most a few seconds). Never call it
  // from inside a listener callback (it would wait for itself). Poll keys
  // are URL-safe tokens without spaces.
  virtual void set_feed_listener(status_feed_listener* listener) = 0;
};

}  // namespace scan_login::server
