#include "auth/key_ring.hpp"

namespace scan_login::server {

bool key_ring::reload(const std::vector<signing_key_record>& keys, std::string& error) {
  if (keys.empty() || keys.front().retired_at != 0) {
    error = "the store has no active signing key";
    return false;
  }
  // The sweep reloads every few seconds; parse only when the set changed.
  std::vector<std::string> kids;
  for (const auto& key : keys) kids.push_back(key.kid);
  if (current()->kids == kids) return true;
  auto next = std::make_shared<snapshot>();
  next->kids = std::move(kids);
  for (const auto& key : keys) {
    std::shared_ptr<const jwt_signer> signer = jwt_signer::from_pem(key.private_pem, error);
    if (!signer) {
      error = "signing key " + key.kid + ": " + error;
      return false;
    }
    next->jwks["keys"].push_back(signer->public_jwk());
    next->signers.push_back(std::move(signer));
  }
  std::lock_guard lock{mutex_};
  snapshot_ = std::move(next);
  return true;
}

std::shared_ptr<const key_ring::snapshot> key_ring::current() const {
  std::lock_guard lock{mutex_};
  return snapshot_;
}

std::string key_ring::sign(const nlohmann::json& claims) const {
  const auto now = current();
  return now->signers.empty() ? std::string{} : now->signers.front()->sign(claims);
}

nlohmann::json key_ring::jwks() const { return current()->jwks; }

std::string key_ring::active_kid() const {
  const auto now = current();
  return now->signers.empty() ? std::string{} : now->signers.front()->kid();
}

}  // namespace scan_login::server
