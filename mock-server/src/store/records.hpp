#pragma once
// The values the store keeps, copied in and out of every backend. Times are
// unix milliseconds. Custom JSON (a code's params and context) is kept as the
// serialized text the flow produced, so its size is known and bounded.

#include <cstdint>
#include <scan_login/codes.hpp>
#include <string>

namespace scan_login::server {

// Stored status of a code (PROTOCOL.md; QrStatus of web/src/codes.js).
// `expired` is never stored: a code in `waiting` or `scanned` past its
// expires_at reads as expired.
using code_status = ::scan_login::codes::qr_status;

// Effective status at `now`: waiting/scanned at or past expires_at read as expired.
struct code_record;
code_status effective_status(const code_record& record, std::int64_t now);

// The avatar id in a photo URL this server made ("<base>/avatars/<id>.<ext>"),
// or empty for any other photo.
std::string avatar_id_in_photo(const std::string& photo);

struct wechat_user {
  std::string openid;
  std::string unionid;  // empty = none
  std::string nickname;
  std::string photo;
};

// A picture the phone uploaded as the person's avatar (display data).
struct avatar_record {
  std::string id;            // sha256_hex of the bytes: the same picture is stored once
  std::string content_type;  // image/png, image/jpeg or image/webp
  std::string bytes;
  std::int64_t created_at = 0;
};

struct code_record {
  std::string random;  // poll key (PC browser only); unique
  std::string code;    // scan code (in the QR); unique
  std::string app_id;
  code_status status = code_status::waiting;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::string client_ip;     // the PC that asked for the code
  std::string browser;       // readable summary of its User-Agent
  std::string redirect_uri;  // bound at gene; empty = none asked
  std::string params;        // serialized JSON object, or empty = none
  std::string context;       // serialized JSON object, or empty = none
  wechat_user scanner;       // set on scan
  std::string scan_token;    // secret given to the scanning phone; set on scan
  std::string ticket;        // set on confirm
  std::string user_id;       // set on confirm
  // Why the server ended a cancelled code itself (empty = the phone
  // cancelled): "account_blocked". The PC's check answers it as an error.
  std::string refusal;
};

struct ticket_record {
  std::string ticket;  // unique
  std::string app_id;
  std::string user_id;
  std::string redirect_uri;
  std::string params;  // serialized JSON object, or empty = none
  std::int64_t expires_at = 0;
  bool used = false;
};

// One account of a user pool ("wechat" or "demo"; PROTOCOL.md "Account system").
struct user_record {
  std::string id;
  std::string pool;
  std::string phone;  // normalized; empty when the user never shared one
  bool phone_verified = false;
  std::string name;  // real name
  std::string nickname;
  std::string photo;
  std::string openid;
  std::string unionid;
  std::int64_t registered_at = 0;
  std::int64_t last_login_at = 0;
  std::int64_t logins_count = 0;
  std::int64_t blocked_at = 0;  // 0 = not blocked; else when an operator blocked the account
};

// A WeChat identity linked to an account ("unionid:<id>" or "openid:<id>").
struct identity_record {
  std::string pool;
  std::string identity;
  std::string user_id;
};

// One entry of the audit log: what happened, to what, by whom. `detail` is
// a serialized JSON object of non-secret facts (never a secret, a ticket, a
// poll key, a scan token or a full phone number).
struct audit_record {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::int64_t at = 0;
  std::string kind;     // e.g. "login.confirmed", "app.created" (docs/operations.md)
  std::string app_id;   // empty = none
  std::string user_id;  // empty = none
  std::string actor;    // "admin", "phone", "server"
  std::string ip;       // the client's address; empty = none
  std::string detail;   // JSON object text, or empty
};

// An RSA signing key. The active key has retired_at == 0; a retired key is
// still published in the JWKS until verify_until (the expiry of the last
// token it can have signed), then dropped.
struct signing_key_record {
  std::string kid;
  std::string private_pem;
  std::int64_t created_at = 0;
  std::int64_t retired_at = 0;
  std::int64_t verify_until = 0;
};

}  // namespace scan_login::server
