#include "login/json_text.hpp"

#include <cmath>
#include <cstdint>

#include "core/text_format.hpp"

namespace scan_login {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of the valid UTF-8 sequence at text[i], or 0 (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // bounds of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

class reader {
 public:
  reader(std::string_view text, int max_depth) : text_(text), depth_left_(max_depth) {}

  std::optional<json_value> document() {
    json_value value;
    skip_space();
    if (!read_value(value)) return std::nullopt;
    skip_space();
    if (pos_ != text_.size()) return std::nullopt;
    return value;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_left_;

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                         text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool read_value(json_value& out) {
    switch (peek()) {
      case '{':
        return read_object(out);
      case '[':
        return read_array(out);
      case '"': {
        std::string text;
        if (!read_string(text)) return false;
        out = json_value(std::move(text));
        return true;
      }
      case 't':
        out = json_value(true);
        return literal("true");
      case 'f':
        out = json_value(false);
        return literal("false");
      case 'n':
        out = json_value();
        return literal("null");
      default:
        return read_number(out);
    }
  }

  bool read_object(json_value& out) {
    if (--depth_left_ < 0) return false;
    ++pos_;  // '{'
    out = json_value::object();
    skip_space();
    if (peek() == '}') {
      ++pos_;
      ++depth_left_;
      return true;
    }
    for (;;) {
      std::string key;
      json_value value;
      skip_space();
      if (peek() != '"' || !read_string(key)) return false;
      skip_space();
      if (peek() != ':') return false;
      ++pos_;
      skip_space();
      if (!read_value(value)) return false;
      out.set(std::move(key), std::move(value));
      skip_space();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() == '}') {
        ++pos_;
        ++depth_left_;
        return true;
      } else {
        return false;
      }
    }
  }

  bool read_array(json_value& out) {
    if (--depth_left_ < 0) return false;
    ++pos_;  // '['
    out = json_value::array();
    skip_space();
    if (peek() == ']') {
      ++pos_;
      ++depth_left_;
      return true;
    }
    for (;;) {
      json_value value;
      skip_space();
      if (!read_value(value)) return false;
      out.push(std::move(value));
      skip_space();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() == ']') {
        ++pos_;
        ++depth_left_;
        return true;
      } else {
        return false;
      }
    }
  }

  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  bool read_number(json_value& out) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (is_digit(peek())) {
      while (is_digit(peek())) ++pos_;
    } else {
      return false;
    }
    if (peek() == '.') {
      ++pos_;
      if (!is_digit(peek())) return false;
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) return false;
      while (is_digit(peek())) ++pos_;
    }
    out = json_value::number_text(std::string(text_.substr(start, pos_ - start)));
    // A number beyond double's range (1e400, or 400 digits) is refused, as
    // nlohmann/json refuses it; a plain integer of up to 18 digits is never.
    std::int64_t exact = 0;
    return (pos_ - start <= 19 && out.as_integer(exact)) || std::isfinite(out.as_double());
  }

  bool read_hex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      out <<= 4;
      if (is_digit(c)) {
        out |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        out |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        out |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  bool read_escape(std::string& out) {
    const char c = peek();
    ++pos_;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    std::uint32_t unit = 0;
    if (!read_hex4(unit)) return false;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a low surrogate first
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      std::uint32_t low = 0;
      if (!literal("\\u") || !read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, unit);
    return true;
  }

  bool read_string(std::string& out) {
    ++pos_;  // '"'
    for (;;) {
      if (at_end()) return false;
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        ++pos_;
        if (!read_escape(out)) return false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return false;
      } else {
        const std::size_t length = utf8_sequence_length(text_, pos_);
        if (length == 0) return false;
        out.append(text_.substr(pos_, length));
        pos_ += length;
      }
    }
  }
};

void write_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for one invalid byte
        ++i;
        continue;
      }
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    ++i;
  }
  out += '"';
}

void write_value(std::string& out, const json_value& value) {
  switch (value.type()) {
    case json_value::kind::null:
      out += "null";
      return;
    case json_value::kind::boolean:
      out += value.as_bool() ? "true" : "false";
      return;
    case json_value::kind::number:
      out += value.number_text();
      return;
    case json_value::kind::string:
      write_string(out, value.as_string());
      return;
    case json_value::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.items()) {
        if (!first) out += ',';
        first = false;
        write_value(out, item);
      }
      out += ']';
      return;
    }
    case json_value::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.members()) {
        if (!first) out += ',';
        first = false;
        write_string(out, member.key);
        out += ':';
        write_value(out, member.value);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::optional<json_value> parse_json(std::string_view text, int max_depth) {
  return reader(text, max_depth).document();
}

std::string dump_json(const json_value& value) {
  std::string out;
  write_value(out, value);
  return out;
}

}  // namespace scan_login
