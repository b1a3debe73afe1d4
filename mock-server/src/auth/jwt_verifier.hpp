#pragma once
// Verifies an RS256 JWT the way a website's backend does: with the public
// keys of a JWKS document alone (no access to the signer), then the claims
// that bind it to an issuer, an audience and a time.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace scan_login::server {

struct verified_token {
  bool ok = false;
  std::string error;      // why it was refused, when !ok
  std::string kid;        // the key that verified the signature
  nlohmann::json claims;  // the payload, when ok
};

// Checks the signature with the JWKS key named by the token's kid (RS256
// only), then iss == issuer, aud == audience, iat <= now < exp (Unix seconds).
verified_token verify_rs256(const std::string& token, const nlohmann::json& jwks,
                            const std::string& issuer, const std::string& audience,
                            std::int64_t now_s);

}  // namespace scan_login::server
