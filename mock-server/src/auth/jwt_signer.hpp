#pragma once
// RS256 JSON Web Tokens with OpenSSL 3 directly: one RSA key (generated at
// start or loaded from PEM), its `kid` (the RFC 7638 JWK thumbprint), the
// signature, and the JWKS document that verifies it.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace scan_login::server {

class jwt_signer {
 public:
  // A fresh 2048-bit RSA key. Empty pointer and `error` set on failure.
  static std::unique_ptr<jwt_signer> generate(std::string& error);
  // The RSA private key in a PEM file (PKCS#1 or PKCS#8).
  static std::unique_ptr<jwt_signer> from_pem_file(const std::string& path, std::string& error);
  // The same from PEM text (as the store keeps it).
  static std::unique_ptr<jwt_signer> from_pem(const std::string& pem, std::string& error);

  ~jwt_signer();
  jwt_signer(const jwt_signer&) = delete;
  jwt_signer& operator=(const jwt_signer&) = delete;

  // header.payload.signature with header {"alg":"RS256","typ":"JWT","kid"}.
  std::string sign(const nlohmann::json& claims) const;
  // {"keys": [{"kty":"RSA","use":"sig","alg":"RS256","kid","n","e"}]}
  const nlohmann::json& jwks() const { return jwks_; }
  const std::string& kid() const { return kid_; }
  // The public key as one JWK (the member of jwks()["keys"]).
  const nlohmann::json& public_jwk() const { return jwks_["keys"][0]; }
  // The private key as PKCS#8 PEM, for the store.
  std::string private_pem() const;

 private:
  struct key_holder;
  explicit jwt_signer(std::unique_ptr<key_holder> key);

  std::unique_ptr<key_holder> key_;
  std::string kid_;
  nlohmann::json jwks_;
};

}  // namespace scan_login::server
