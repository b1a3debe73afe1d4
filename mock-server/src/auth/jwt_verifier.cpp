#include "auth/jwt_verifier.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <optional>

#include "auth/crypto_util.hpp"

namespace scan_login::server {
namespace {

using json = nlohmann::json;

struct pkey_free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

// An RSA public key from a JWK's base64url modulus and exponent.
pkey_ptr rsa_public_key(const std::string& n, const std::string& e) {
  BIGNUM* modulus = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                              static_cast<int>(n.size()), nullptr);
  BIGNUM* exponent = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                               static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  if (modulus && exponent && builder && ctx &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent) == 1 &&
      (params = OSSL_PARAM_BLD_to_param(builder)) != nullptr && EVP_PKEY_fromdata_init(ctx) == 1) {
    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  }
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(builder);
  EVP_PKEY_CTX_free(ctx);
  BN_free(modulus);
  BN_free(exponent);
  return pkey_ptr(key);
}

bool rs256_signature_valid(EVP_PKEY* key, std::string_view signed_part,
                           const std::string& signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool valid =
      ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return valid;
}

// The string member `name` of `object`, or "" when it is absent or of
// another type (json::value would throw on a number where a string was
// expected: a token is hostile input, its types are checked, not assumed).
std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// RFC 7519 4.1.3: "aud" is one string or an array of strings; the token is
// for `audience` when it is that string or one of the array's.
bool names_audience(const json& claims, const std::string& audience) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return *it == audience;
  if (!it->is_array()) return false;
  for (const auto& each : *it) {
    if (each.is_string() && each == audience) return true;
  }
  return false;
}

const json* key_for(const json& jwks, const std::string& kid) {
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) return nullptr;
  for (const auto& k : jwks["keys"]) {
    if (k.is_object() && string_member(k, "kid") == kid && string_member(k, "kty") == "RSA") {
      return &k;
    }
  }
  return nullptr;
}

}  // namespace

verified_token verify_rs256(const std::string& token, const json& jwks, const std::string& issuer,
                            const std::string& audience, std::int64_t now_s) {
  verified_token result;
  const auto refuse = [&](std::string why) {
    result.error = std::move(why);
    return result;
  };
  const auto first = token.find('.');
  const auto second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos) return refuse("not a JWT (header.payload.signature)");
  const auto header_text = base64url_decode(std::string_view(token).substr(0, first));
  const auto payload_text =
      base64url_decode(std::string_view(token).substr(first + 1, second - first - 1));
  const auto signature = base64url_decode(std::string_view(token).substr(second + 1));
  if (!header_text || !payload_text || !signature) return refuse("a part is not base64url");
  const json header = json::parse(*header_text, nullptr, false);
  const json claims = json::parse(*payload_text, nullptr, false);
  if (!header.is_object() || !claims.is_object()) return refuse("header or payload is not JSON");
  if (string_member(header, "alg") != "RS256") return refuse("alg is not RS256");
  result.kid = string_member(header, "kid");
  const json* jwk = key_for(jwks, result.kid);
  if (!jwk) return refuse("no key with kid \"" + result.kid + "\" in the JWKS");
  const auto n = base64url_decode(string_member(*jwk, "n"));
  const auto e = base64url_decode(string_member(*jwk, "e"));
  const pkey_ptr key = n && e ? rsa_public_key(*n, *e) : nullptr;
  if (!key) return refuse("the JWKS key is not a usable RSA key");
  if (!rs256_signature_valid(key.get(), std::string_view(token).substr(0, second), *signature)) {
    return refuse("the signature does not verify");
  }
  if (string_member(claims, "iss") != issuer) return refuse("iss is not the string " + issuer);
  if (!names_audience(claims, audience)) {
    return refuse("aud is neither " + audience + " nor an array holding it");
  }
  const auto number = [&](const char* name) {
    const auto it = claims.find(name);
    return it != claims.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
  };
  if (number("exp") <= now_s) return refuse("expired (exp is not in the future)");
  if (number("iat") < 0 || number("iat") > now_s + 60) return refuse("iat is missing or ahead");
  result.ok = true;
  result.claims = claims;
  return result;
}

}  // namespace scan_login::server
