#include "auth/secrets_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "auth/secret_box.hpp"
#include "config/data_folder.hpp"
#include "store/base64_text.hpp"

namespace scan_login::server {
namespace {

constexpr const char* how_to_make =
    "make one with: head -c 32 /dev/urandom | base64 > secrets.key && chmod 600 secrets.key";

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

std::optional<std::string> parse_secrets_key(std::string_view text, std::string& error) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::string standard{text};
  for (char& c : standard) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (standard.size() % 4 != 0) standard.push_back('=');
  const auto decoded = base64_decode(standard);
  if (!decoded || decoded->size() != secret_box::key_size) {
    error = std::string{"must be the base64 of 32 random bytes ("} + how_to_make + ")";
    return std::nullopt;
  }
  return std::string{decoded->data(), decoded->size()};
}

std::optional<std::string> read_secrets_key_file(const std::string& path, std::string& error) {
  // Opened once and checked through the descriptor, so the file read is the
  // file whose mode was checked.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    error = std::string{"cannot open it: "} + std::strerror(errno);
    return std::nullopt;
  }
  struct stat info {};
  std::string text;
  const bool stated = ::fstat(fd, &info) == 0;
  if (stated && S_ISREG(info.st_mode) && (info.st_mode & 077) == 0 && info.st_size <= 4096) {
    std::vector<char> buffer(static_cast<std::size_t>(info.st_size) + 1);
    const auto got = ::read(fd, buffer.data(), buffer.size());
    if (got >= 0) text.assign(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (!stated || !S_ISREG(info.st_mode) || info.st_size > 4096) {
    error = "must be a regular file of at most 4 KiB holding the key";
    return std::nullopt;
  }
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    error = std::string{"its mode is "} + mode +
            ": group and others must not have access to the key (chmod 600 " + path + ")";
    return std::nullopt;
  }
  return parse_secrets_key(text, error);
}

bool write_secrets_key_file(const std::string& path, const std::string& key, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = "cannot create " + path + ": " + std::strerror(errno);
    return false;
  }
  const auto text = base64_encode(key) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    ::unlink(path.c_str());
    return false;
  }
  return true;
}

std::optional<secrets_key> resolve_secrets_key(const secrets_key_request& request,
                                               const random_source& random, std::string& error) {
  secrets_key key;
  std::string why;
  if (!request.key_file.empty()) {
    key.origin = "--secrets-key-file " + request.key_file;
    auto bytes = read_secrets_key_file(request.key_file, why);
    if (!bytes) {
      error = key.origin + ": " + why;
      return std::nullopt;
    }
    key.bytes = std::move(*bytes);
    return key;
  }
  if (!request.env_key.empty()) {
    key.origin = "SCAN_LOGIN_SECRETS_KEY";
    auto bytes = parse_secrets_key(request.env_key, why);
    if (!bytes) {
      error = key.origin + ": " + why;
      return std::nullopt;
    }
    key.bytes = std::move(*bytes);
    return key;
  }
  if (request.data_dir.empty()) {
    error =
        std::string{
            "a PostgreSQL store needs its secrets key given (--secrets-key-file PATH or "
            "SCAN_LOGIN_SECRETS_KEY), the same for every process: it encrypts the signing "
            "keys and mini program AppSecrets in the database; "} +
        how_to_make;
    return std::nullopt;
  }
  const auto path = request.data_dir + "/" + secrets_key_file_name;
  key.origin = path;
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0 || errno != ENOENT) {
    auto bytes = read_secrets_key_file(path, why);
    if (!bytes) {
      error = path + ": " + why;
      return std::nullopt;
    }
    key.bytes = std::move(*bytes);
    return key;
  }
  key.bytes.resize(secret_box::key_size);
  random(reinterpret_cast<unsigned char*>(key.bytes.data()), key.bytes.size());
  key.create_at = path;
  return key;
}

}  // namespace scan_login::server
