#pragma once
// The signing keys of a deployment, as this process last read them from the
// store: the active key signs, every key the store still publishes is in the
// JWKS. Thread-safe; reload() swaps in a new snapshot atomically, so a token
// is signed and a JWKS served from one consistent view.

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/jwt_signer.hpp"
#include "store/records.hpp"

namespace scan_login::server {

class key_ring {
 public:
  // Parses the stored keys (active first). False and `error` when none is
  // active or one cannot be parsed; the previous snapshot stays.
  bool reload(const std::vector<signing_key_record>& keys, std::string& error);

  // header.payload.signature with the active key; empty before a reload.
  std::string sign(const nlohmann::json& claims) const;
  // {"keys": [...]} of every published key.
  nlohmann::json jwks() const;
  std::string active_kid() const;

 private:
  struct snapshot {
    std::vector<std::shared_ptr<const jwt_signer>> signers;  // active first
    std::vector<std::string> kids;                           // of `signers`, in order
    nlohmann::json jwks = {{"keys", nlohmann::json::array()}};
  };
  std::shared_ptr<const snapshot> current() const;

  mutable std::mutex mutex_;
  std::shared_ptr<const snapshot> snapshot_ = std::make_shared<snapshot>();
};

}  // namespace scan_login::server
