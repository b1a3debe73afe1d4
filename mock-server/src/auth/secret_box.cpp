#include "auth/secret_box.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace scan_login::server {
namespace {

constexpr std::string_view prefix = "enc:v1:";
constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;
constexpr std::size_t key_id_size = 8;

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_ctx new_ctx() {
  cipher_ctx ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
  if (!ctx) throw std::bad_alloc();
  return ctx;
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// "<key id>:<payload>" after the prefix, split; false when not that shape.
bool split(std::string_view value, std::string_view& key_id, std::string_view& payload) {
  if (value.substr(0, prefix.size()) != prefix) return false;
  value.remove_prefix(prefix.size());
  const auto colon = value.find(':');
  if (colon != key_id_size) return false;
  key_id = value.substr(0, colon);
  payload = value.substr(colon + 1);
  return true;
}

}  // namespace

secret_box::secret_box(std::string key, random_source random)
    : key_(std::move(key)), random_(std::move(random)) {
  if (key_.size() != key_size) throw std::invalid_argument("a secrets key is 32 bytes");
  // A domain-separated digest: the id names the key without standing for it.
  key_id_ = sha256_hex("scan-login secrets key id\n" + key_).substr(0, key_id_size);
}

bool secret_box::is_sealed(std::string_view value) {
  return value.substr(0, prefix.size()) == prefix;
}

std::string secret_box::key_id_of(std::string_view value) {
  std::string_view id, payload;
  return split(value, id, payload) ? std::string{id} : std::string{};
}

std::string secret_box::seal(std::string_view plaintext, std::string_view context) const {
  std::string out(nonce_size + plaintext.size() + tag_size, '\0');
  random_(bytes(out), nonce_size);
  auto ctx = new_ctx();
  int written = 0;
  int ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr);
  ok = ok && EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), bytes(out));
  ok = ok && EVP_EncryptUpdate(ctx.get(), nullptr, &written, bytes(context),
                               static_cast<int>(context.size()));
  ok = ok && EVP_EncryptUpdate(ctx.get(), bytes(out) + nonce_size, &written, bytes(plaintext),
                               static_cast<int>(plaintext.size()));
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), bytes(out) + nonce_size + written, &written);
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size,
                                 bytes(out) + nonce_size + plaintext.size());
  // AES-GCM with a valid key cannot fail short of memory exhaustion.
  if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
  return std::string{prefix} + key_id_ + ":" + base64url_encode(out);
}

std::optional<std::string> secret_box::open(std::string_view value, std::string_view context,
                                            open_failure& why) const {
  std::string_view id, payload;
  if (!split(value, id, payload)) {
    why = open_failure::not_sealed;
    return std::nullopt;
  }
  if (id != key_id_) {
    why = open_failure::other_key;
    return std::nullopt;
  }
  why = open_failure::damaged;
  auto raw = base64url_decode(payload);
  if (!raw || raw->size() < nonce_size + tag_size) return std::nullopt;
  const auto text_size = raw->size() - nonce_size - tag_size;
  std::string plain(text_size, '\0');
  auto ctx = new_ctx();
  int written = 0;
  int ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr);
  ok = ok && EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), bytes(*raw));
  ok = ok && EVP_DecryptUpdate(ctx.get(), nullptr, &written, bytes(context),
                               static_cast<int>(context.size()));
  ok = ok && EVP_DecryptUpdate(ctx.get(), bytes(plain), &written, bytes(*raw) + nonce_size,
                               static_cast<int>(text_size));
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size,
                                 bytes(*raw) + nonce_size + text_size);
  // The tag is checked here: nothing of `plain` is returned unless it verifies.
  ok = ok && EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + written, &written) > 0;
  if (!ok) return std::nullopt;
  return plain;
}

std::string describe(open_failure why, std::string_view value) {
  switch (why) {
    case open_failure::not_sealed:
      return "is not an enc:v1 value";
    case open_failure::other_key:
      return "was sealed with another key (id " + secret_box::key_id_of(value) + ")";
    case open_failure::damaged:
      break;
  }
  return "does not verify with this key (the stored value was changed or damaged)";
}

}  // namespace scan_login::server
