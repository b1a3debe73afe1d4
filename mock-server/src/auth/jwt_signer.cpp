#include "auth/jwt_signer.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <cstdio>
#include <vector>

#include "auth/crypto_util.hpp"

namespace scan_login::server {

struct jwt_signer::key_holder {
  EVP_PKEY* pkey = nullptr;
  ~key_holder() { EVP_PKEY_free(pkey); }
};

namespace {

std::string big_endian_param(EVP_PKEY* pkey, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) return {};
  std::vector<unsigned char> bytes(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, bytes.data());
  BN_free(bn);
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::string sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return {reinterpret_cast<const char*>(digest), sizeof digest};
}

}  // namespace

jwt_signer::jwt_signer(std::unique_ptr<key_holder> key) : key_(std::move(key)) {
  const auto n = base64url_encode(big_endian_param(key_->pkey, OSSL_PKEY_PARAM_RSA_N));
  const auto e = base64url_encode(big_endian_param(key_->pkey, OSSL_PKEY_PARAM_RSA_E));
  // RFC 7638: the thumbprint of the required members in lexicographic order.
  const std::string canonical = R"({"e":")" + e + R"(","kty":"RSA","n":")" + n + R"("})";
  kid_ = base64url_encode(sha256(canonical));
  jwks_ = {{"keys", nlohmann::json::array({{{"kty", "RSA"},
                                            {"use", "sig"},
                                            {"alg", "RS256"},
                                            {"kid", kid_},
                                            {"n", n},
                                            {"e", e}}})}};
}

jwt_signer::~jwt_signer() = default;

std::unique_ptr<jwt_signer> jwt_signer::generate(std::string& error) {
  auto key = std::make_unique<key_holder>();
  key->pkey = EVP_RSA_gen(2048);
  if (!key->pkey) {
    error = "could not generate an RSA key";
    return nullptr;
  }
  return std::unique_ptr<jwt_signer>(new jwt_signer(std::move(key)));
}

std::unique_ptr<jwt_signer> jwt_signer::from_pem_file(const std::string& path, std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (!file) {
    error = "cannot open signing key " + path;
    return nullptr;
  }
  auto key = std::make_unique<key_holder>();
  key->pkey = PEM_read_PrivateKey(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (!key->pkey || EVP_PKEY_get_base_id(key->pkey) != EVP_PKEY_RSA) {
    error = "signing key " + path + " is not an RSA private key in PEM";
    return nullptr;
  }
  return std::unique_ptr<jwt_signer>(new jwt_signer(std::move(key)));
}

std::unique_ptr<jwt_signer> jwt_signer::from_pem(const std::string& pem, std::string& error) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  auto key = std::make_unique<key_holder>();
  if (bio) key->pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key->pkey || EVP_PKEY_get_base_id(key->pkey) != EVP_PKEY_RSA) {
    error = "the stored signing key is not an RSA private key in PEM";
    return nullptr;
  }
  return std::unique_ptr<jwt_signer>(new jwt_signer(std::move(key)));
}

std::string jwt_signer::private_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  std::string pem;
  if (bio &&
      PEM_write_bio_PrivateKey(bio, key_->pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size > 0) pem.assign(data, static_cast<std::size_t>(size));
  }
  BIO_free(bio);
  return pem;
}

std::string jwt_signer::sign(const nlohmann::json& claims) const {
  const nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid_}};
  std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());

  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t length = 0;
  std::vector<unsigned char> signature;
  bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &length,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(ctx, signature.data(), &length,
                        reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return {};
  input += '.';
  input += base64url_encode({reinterpret_cast<const char*>(signature.data()), length});
  return input;
}

}  // namespace scan_login::server
