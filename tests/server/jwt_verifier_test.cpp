// The demo backend's token check (/callback) accepts what the server signs
// and refuses every kind of forgery or misuse.
#include "auth/jwt_verifier.hpp"

#include <gtest/gtest.h>

#include "auth/crypto_util.hpp"
#include "auth/jwt_signer.hpp"

namespace scan_login::server {
namespace {

using nlohmann::json;

constexpr std::int64_t now = 1'800'000'000;
const std::string issuer = "http://127.0.0.1:8080";

class JwtVerifier : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    signer_ = jwt_signer::generate(error).release();
    other_ = jwt_signer::generate(error).release();
    ASSERT_NE(signer_, nullptr) << error;
  }
  static void TearDownTestSuite() {
    delete signer_;
    delete other_;
  }
  static json claims() {
    return {{"iss", issuer},   {"aud", "demo"},     {"sub", "u1"},
            {"iat", now - 10}, {"exp", now + 3600}, {"phone_number", "13800138000"}};
  }
  static verified_token check(const std::string& token) {
    return verify_rs256(token, signer_->jwks(), issuer, "demo", now);
  }
  static inline jwt_signer* signer_ = nullptr;
  static inline jwt_signer* other_ = nullptr;
};

TEST_F(JwtVerifier, AcceptsTheServersTokenAndReturnsItsClaims) {
  const auto result = check(signer_->sign(claims()));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.kid, signer_->kid());
  EXPECT_EQ(result.claims["phone_number"], "13800138000");
}

TEST_F(JwtVerifier, RefusesATamperedPayload) {
  std::string token = signer_->sign(claims());
  const auto first = token.find('.'), second = token.find('.', first + 1);
  auto forged = claims();
  forged["sub"] = "admin";
  const std::string other = signer_->sign(forged);
  const auto other_first = other.find('.'), other_second = other.find('.', other_first + 1);
  const std::string forged_payload = other.substr(other_first + 1, other_second - other_first - 1);
  token.replace(first + 1, second - first - 1, forged_payload);
  const auto result = check(token);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("signature"), std::string::npos) << result.error;
}

TEST_F(JwtVerifier, RefusesAKeyNotInTheJwks) {
  const auto result = check(other_->sign(claims()));
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("kid"), std::string::npos) << result.error;
}

TEST_F(JwtVerifier, RefusesAnotherAudienceIssuerOrAnExpiredToken) {
  auto c = claims();
  c["aud"] = "other-app";
  EXPECT_FALSE(check(signer_->sign(c)).ok);
  c = claims();
  c["iss"] = "http://evil.example";
  EXPECT_FALSE(check(signer_->sign(c)).ok);
  c = claims();
  c["exp"] = now;
  EXPECT_FALSE(check(signer_->sign(c)).ok);
  c = claims();
  c.erase("iat");
  EXPECT_FALSE(check(signer_->sign(c)).ok);
}

// RFC 7519 4.1.3: "aud" may be an array of strings.
TEST_F(JwtVerifier, AcceptsAnAudienceArrayThatNamesTheApp) {
  auto c = claims();
  c["aud"] = json::array({"other-app", "demo"});
  const auto result = check(signer_->sign(c));
  EXPECT_TRUE(result.ok) << result.error;
  c["aud"] = json::array({"other-app", 7});
  EXPECT_FALSE(check(signer_->sign(c)).ok);
  c["aud"] = json::array();
  EXPECT_FALSE(check(signer_->sign(c)).ok);
}

// A signed token whose claims have unexpected types is refused, never a throw.
TEST_F(JwtVerifier, RefusesClaimsOfTheWrongTypeAfterAValidSignature) {
  for (const json& odd : {json(42), json(nullptr), json::object({{"iss", issuer}}),
                          json::array({issuer}), json(true)}) {
    for (const std::string name : {"iss", "aud", "exp", "iat"}) {
      if (name == "iat" && odd.is_number()) continue;  // iat 42: a time long past, fine
      auto c = claims();
      c[name] = odd;
      verified_token result;
      EXPECT_NO_THROW(result = check(signer_->sign(c))) << name << " = " << odd.dump();
      EXPECT_FALSE(result.ok) << name << " = " << odd.dump();
      EXPECT_FALSE(result.error.empty());
    }
  }
}

TEST_F(JwtVerifier, RefusesAHeaderOfTheWrongTypes) {
  const std::string payload = base64url_encode(claims().dump());
  for (const char* header :
       {R"({"alg":5})", R"({"alg":"RS256","kid":5})", R"({"alg":["RS256"]})", R"([1,2])"}) {
    const std::string token = base64url_encode(header) + "." + payload + ".c2ln";
    verified_token result;
    EXPECT_NO_THROW(result = check(token)) << header;
    EXPECT_FALSE(result.ok) << header;
  }
  // A JWKS whose keys have odd member types is no key, not a throw.
  const json odd_jwks = {{"keys", json::array({json{{"kid", 5}, {"kty", "RSA"}},
                                               json{{"kid", signer_->kid()}, {"kty", 1}}})}};
  verified_token result;
  EXPECT_NO_THROW(result = verify_rs256(signer_->sign(claims()), odd_jwks, issuer, "demo", now));
  EXPECT_FALSE(result.ok);
}

TEST_F(JwtVerifier, RefusesMalformedTokensWithoutCrashing) {
  for (const char* bad :
       {"", "abc", "a.b", "a.b.c", "!!.??.**", "eyJhbGciOiJub25lIn0.e30.", "e30.e30.e30"}) {
    const auto result = check(bad);
    EXPECT_FALSE(result.ok) << bad;
    EXPECT_FALSE(result.error.empty()) << bad;
  }
}

}  // namespace
}  // namespace scan_login::server
