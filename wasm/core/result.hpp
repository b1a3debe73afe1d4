#pragma once
// result<T>: a value or an error message. The core reports every failure this
// way so that nothing throws across the WebAssembly boundary.

#include <optional>
#include <string>
#include <utility>

namespace scan_login {

struct error {
  std::string message;  // says what was wrong and what to do instead
};

template <typename T>
class result {
 public:
  result(T value) : value_(std::move(value)) {}                  // NOLINT: implicit by design
  result(error failure) : error_(std::move(failure.message)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }

  // Empty when ok().
  const std::string& error_message() const { return error_; }

 private:
  std::optional<T> value_;
  std::string error_;
};

}  // namespace scan_login
