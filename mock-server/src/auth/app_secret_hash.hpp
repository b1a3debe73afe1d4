#pragma once
// App secrets (what a site's backend sends with HTTP Basic to exchange a
// ticket) are kept only as "sha256:<64 hex digits>". A secret the server
// makes is 32 random bytes: nothing is left to guess from its hash, so a
// fast unsalted hash is enough and a slow password hash (bcrypt, argon2)
// would only cost every exchange time. A secret an operator chose is as
// strong as it was chosen: docs/operations.md says to let the server
// make them.

#include <string>
#include <string_view>

namespace scan_login::server {

// "sha256:<hex>" of `secret`.
std::string hash_app_secret(std::string_view secret);

// Whether `presented` is the secret whose hash is `stored_hash`, compared in
// constant time (on the hashes, so the time says nothing about the secret).
// An empty `stored_hash` (no secret set) matches nothing.
bool app_secret_matches(std::string_view stored_hash, std::string_view presented);

}  // namespace scan_login::server
