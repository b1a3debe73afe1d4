#pragma once
// The JSON values the lifecycle reads (its config, the server's replies) and
// writes (request bodies, event details, UI states).
//
// Why not nlohmann/json, which the server uses: in the browser module it was
// 25 KB of the 84 KB of code (parser, DOM, serializer, their std::map and
// exception paths), a quarter of what a page downloads for the component,
// for documents of a few hundred bytes and five shapes. This is the subset
// the lifecycle needs: a strict RFC 8259 reader (json_text.hpp) into this
// small tree, and a compact writer. docs/benchmarks.md "Component" has the
// figures.
//
// Objects keep their members in the order first seen, a later duplicate
// replacing the earlier one's value (the server's nlohmann/json keeps the
// later value too, but sorts keys; no reader of ours depends on the order).
// Lookups are linear: the documents have a dozen members at most. A number keeps the text it was
// read from, so a value the lifecycle only passes on (a userInfo field) is written exactly as the
// server sent it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scan_login {

struct json_member;

class json_value {
 public:
  enum class kind : unsigned char { null, boolean, number, string, array, object };

  json_value() = default;  // null
  json_value(bool value);
  json_value(std::int64_t value);
  json_value(int value) : json_value(static_cast<std::int64_t>(value)) {}
  json_value(std::string value);
  json_value(const char* value) : json_value(std::string(value)) {}
  static json_value object();
  static json_value array();
  // A number from its JSON text (the reader checked its grammar).
  static json_value number_text(std::string text);

  kind type() const { return kind_; }
  bool is_null() const { return kind_ == kind::null; }
  bool is_bool() const { return kind_ == kind::boolean; }
  bool is_number() const { return kind_ == kind::number; }
  bool is_string() const { return kind_ == kind::string; }
  bool is_array() const { return kind_ == kind::array; }
  bool is_object() const { return kind_ == kind::object; }

  // Only after checking the kind; otherwise false, 0, "" or empty.
  bool as_bool() const { return kind_ == kind::boolean && flag_; }
  const std::string& as_string() const;    // a string's text
  const std::string& number_text() const;  // a number as written
  double as_double() const;                // a number's value
  // A number without fraction or exponent that fits in int64, or one whose
  // value is a whole number within +-9e15; else false.
  bool as_integer(std::int64_t& out) const;
  const std::vector<json_value>& items() const { return items_; }  // an array's elements

  // An object's member, or nullptr (also when this is no object).
  const json_value* find(std::string_view key) const;
  json_value* find(std::string_view key);
  const std::vector<json_member>& members() const { return members_; }

  // Builders: set() makes this an object's member (replacing one of the same
  // key), push() appends to an array. Wrong kinds are ignored.
  json_value& set(std::string key, json_value value);
  void push(json_value value);

 private:
  kind kind_ = kind::null;
  bool flag_ = false;
  std::string text_;  // string: its text; number: its JSON text
  std::vector<json_value> items_;
  std::vector<json_member> members_;
};

struct json_member {
  std::string key;
  json_value value;
};

}  // namespace scan_login
