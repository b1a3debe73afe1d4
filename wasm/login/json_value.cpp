#include "login/json_value.hpp"

#include <cmath>
#include <cstdlib>

#include "core/text_format.hpp"

namespace scan_login {
namespace {

const std::string empty_text;

}  // namespace

json_value::json_value(bool value) : kind_(kind::boolean), flag_(value) {}

json_value::json_value(std::int64_t value) : kind_(kind::number), text_(format_int(value)) {}

json_value::json_value(std::string value) : kind_(kind::string), text_(std::move(value)) {}

json_value json_value::object() {
  json_value value;
  value.kind_ = kind::object;
  return value;
}

json_value json_value::array() {
  json_value value;
  value.kind_ = kind::array;
  return value;
}

json_value json_value::number_text(std::string text) {
  json_value value;
  value.kind_ = kind::number;
  value.text_ = std::move(text);
  return value;
}

const std::string& json_value::as_string() const {
  return kind_ == kind::string ? text_ : empty_text;
}

const std::string& json_value::number_text() const {
  return kind_ == kind::number ? text_ : empty_text;
}

double json_value::as_double() const {
  return kind_ == kind::number ? std::strtod(text_.c_str(), nullptr) : 0;
}

bool json_value::as_integer(std::int64_t& out) const {
  if (kind_ != kind::number) return false;
  // Plain integer text: exact, as long as it fits.
  if (text_.find_first_of(".eE") == std::string::npos) {
    const bool negative = text_[0] == '-';
    std::uint64_t magnitude = 0;
    for (std::size_t i = negative ? 1 : 0; i < text_.size(); ++i) {
      const unsigned digit = static_cast<unsigned>(text_[i] - '0');
      if (magnitude > (UINT64_MAX - digit) / 10) return false;
      magnitude = magnitude * 10 + digit;
    }
    const std::uint64_t limit = negative ? std::uint64_t{INT64_MAX} + 1 : INT64_MAX;
    if (magnitude > limit) return false;
    out =
        negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
  }
  const double number = as_double();
  if (!std::isfinite(number) || std::floor(number) != number || std::fabs(number) > 9.0e15) {
    return false;
  }
  out = static_cast<std::int64_t>(number);
  return true;
}

const json_value* json_value::find(std::string_view key) const {
  if (kind_ != kind::object) return nullptr;
  for (const auto& member : members_) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

json_value* json_value::find(std::string_view key) {
  return const_cast<json_value*>(static_cast<const json_value&>(*this).find(key));
}

json_value& json_value::set(std::string key, json_value value) {
  if (kind_ != kind::object) return *this;
  if (json_value* existing = find(key)) {
    *existing = std::move(value);
  } else {
    members_.push_back(json_member{std::move(key), std::move(value)});
  }
  return *this;
}

void json_value::push(json_value value) {
  if (kind_ == kind::array) items_.push_back(std::move(value));
}

}  // namespace scan_login
