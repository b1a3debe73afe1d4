#include "flow/secrets_setup.hpp"

#include <iostream>

#include "flow/sealed_store.hpp"

namespace scan_login::server {

std::unique_ptr<store> seal_store(std::unique_ptr<store> backend, const secrets_key& key,
                                  const random_source& random) {
  auto sealed = std::make_unique<sealed_store>(std::move(backend), secret_box{key.bytes, random});
  if (!key.create_at.empty()) {
    // A key made now cannot open anything: a store that holds sealed values
    // lost its key file.
    if (sealed->holds_sealed_values()) {
      throw store_open_error(
          "the store holds encrypted secrets but its key " + key.create_at +
          " is missing: put back the secrets.key this store was made with (it is not in the "
          "store's backups), or give it with --secrets-key-file or SCAN_LOGIN_SECRETS_KEY");
    }
    std::string error;
    if (!write_secrets_key_file(key.create_at, key.bytes, error)) {
      throw store_open_error("cannot keep the secrets key: " + error);
    }
    std::cerr << "scan-login-server: made the secrets key " << key.create_at
              << " (mode 0600); it encrypts the signing keys and mini program AppSecrets in "
                 "the store: keep a copy apart from the store's backups, and pass it with "
                 "--secrets-key-file when the store moves\n";
  } else if (std::string what; !sealed->check(what)) {
    throw store_open_error("the secrets key does not decrypt " + what + ": is " + key.origin +
                           " the one this store was made with? Nothing was changed");
  }
  if (const auto migrated = sealed->migrate()) {
    std::cerr << "scan-login-server: " << migrated
              << " stored apps and signing keys that an older version kept in clear are now "
                 "hashed or encrypted\n";
  }
  return sealed;
}

}  // namespace scan_login::server
