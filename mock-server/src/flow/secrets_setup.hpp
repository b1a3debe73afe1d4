#pragma once
// The last step of opening a store: put it behind a sealed_store with this
// start's secrets key (auth/secrets_key.hpp). Refuses, changing nothing,
// when a stored sealed value does not open with the key; then writes a key
// made at this start to its file and rewrites what older versions kept in
// clear. Prints one line for a key it made and one for values it migrated.

#include <memory>

#include "auth/secrets_key.hpp"
#include "store/store.hpp"

namespace scan_login::server {

// Throws store_open_error with an operator's message (naming where the key
// came from) when the store and the key do not belong together, and
// store_unavailable when the database fails.
std::unique_ptr<store> seal_store(std::unique_ptr<store> backend, const secrets_key& key,
                                  const random_source& random);

}  // namespace scan_login::server
