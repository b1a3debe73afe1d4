// Lean definitions of strtod (with strtof, strtold) and snprintf for the component's browser
// module.
//
// Why: in that module only the JSON reader calls strtod (json_value::as_double,
// for numbers with a fraction or exponent), and nothing calls snprintf since
// the lifecycle stopped using nlohmann/json (kept so that a future caller
// does not bring musl's back; `-Wl,--trace-symbol=strtod` shows who calls). musl's versions
// bring printf's whole formatter and a long-double float scanner with
// software 128-bit arithmetic: about 12 KB gzipped, a third of the
// component's budget. Defined here, the linker never pulls musl's.
//
// The functions are scan_login::lean::parse_double and format_to (tested
// natively against glibc); the C names are defined only under Emscripten.
// Contracts (narrower than C's, enough for JSON and those formats):
// - strtod reads [ws][+-]digits[.digits][(e|E)[+-]digits]; no hex, inf or
//   nan. The result is within one or two ulps of the correctly rounded value
//   (the lifecycle reads no fractional number; integers up to 2^53 are exact).
// - snprintf handles %%, %c, %s, %d/%i, %u, %x/%X with the '0' and '-' flags,
//   a width, a precision and the length modifiers hh, h, l, ll, z; anything
//   else is copied as text. It returns the length it would have written.

#include "bindings/lean_libc.hpp"

#include <cstdint>

namespace scan_login::lean {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 10^exponent for 0 <= exponent < 512 by binary powers (exact up to 1e22).
double power_of_ten(int exponent) {
  static const double powers[] = {1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128, 1e256};
  double result = 1.0;
  for (int bit = 0; exponent != 0 && bit < 9; ++bit, exponent >>= 1) {
    if (exponent & 1) result *= powers[bit];
  }
  return exponent != 0 ? 1.0 / 0.0 : result;
}

class bounded_writer {
 public:
  bounded_writer(char* out, std::size_t size) : out_(out), size_(size) {}
  void put(char c) {
    if (size_ != 0 && length_ + 1 < size_) out_[length_] = c;
    ++length_;
  }
  int finish() {
    if (size_ != 0) out_[length_ + 1 < size_ ? length_ : size_ - 1] = '\0';
    return static_cast<int>(length_);
  }

 private:
  char* out_;
  std::size_t size_;
  std::size_t length_ = 0;
};

void put_number(bounded_writer& w, std::uint64_t magnitude, bool negative, unsigned base,
                bool upper, int width, int precision, bool zero_pad, bool left) {
  char digits[24];
  int count = 0;
  const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits[count++] = alphabet[magnitude % base];
    magnitude /= base;
  } while (magnitude != 0);
  const int zeros = precision > count ? precision - count : 0;
  int used = count + zeros + (negative ? 1 : 0);
  const char pad = zero_pad && precision < 0 && !left ? '0' : ' ';
  if (!left && pad == ' ') {
    for (; used < width; ++used) w.put(' ');
  }
  if (negative) w.put('-');
  if (!left && pad == '0') {
    for (; used < width; ++used) w.put('0');
  }
  for (int i = 0; i < zeros; ++i) w.put('0');
  while (count > 0) w.put(digits[--count]);
  for (; left && used < width; ++used) w.put(' ');
}

}  // namespace

double parse_double(const char* text, char** end) {
  const char* p = text;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') ++p;
  const bool negative = *p == '-';
  if (*p == '-' || *p == '+') ++p;
  std::uint64_t mantissa = 0;
  int digits = 0, exponent = 0;
  bool any_digit = false;
  for (; is_digit(*p); ++p, any_digit = true) {
    if (digits < 19) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      if (mantissa != 0) ++digits;
    } else {
      ++exponent;
    }
  }
  if (*p == '.') {
    for (++p; is_digit(*p); ++p, any_digit = true) {
      if (digits < 19) {
        mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        if (mantissa != 0) ++digits;
        --exponent;
      }
    }
  }
  if (!any_digit) {
    if (end != nullptr) *end = const_cast<char*>(text);
    return 0.0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* e = p + 1;
    const bool negative_exponent = *e == '-';
    if (*e == '-' || *e == '+') ++e;
    if (is_digit(*e)) {
      int value = 0;
      for (; is_digit(*e); ++e) value = value < 100000 ? value * 10 + (*e - '0') : value;
      exponent += negative_exponent ? -value : value;
      p = e;
    }
  }
  if (end != nullptr) *end = const_cast<char*>(p);
  double value = static_cast<double>(mantissa);
  if (mantissa != 0 && exponent > 0) value *= power_of_ten(exponent);
  if (mantissa != 0 && exponent < 0) {
    // Two steps keep 10^-exponent finite down to the subnormal range.
    const int first = -exponent > 300 ? 300 : -exponent;
    value /= power_of_ten(first);
    if (-exponent > first) value /= power_of_ten(-exponent - first);
  }
  return negative ? -value : value;
}

int format_to(char* out, std::size_t size, const char* format, va_list args) {
  bounded_writer w(out, size);
  for (const char* f = format; *f != '\0'; ++f) {
    if (*f != '%') {
      w.put(*f);
      continue;
    }
    const char* start = f++;
    bool zero_pad = false, left = false;
    for (; *f == '0' || *f == '-'; ++f) (*f == '0' ? zero_pad : left) = true;
    int width = 0, precision = -1;
    for (; is_digit(*f); ++f) width = width * 10 + (*f - '0');
    if (*f == '.') {
      precision = 0;
      for (++f; is_digit(*f); ++f) precision = precision * 10 + (*f - '0');
    }
    int longs = 0;
    for (; *f == 'h' || *f == 'l' || *f == 'z'; ++f) {
      if (*f == 'l') ++longs;
      if (*f == 'z') longs = sizeof(std::size_t) == 8 ? 2 : 1;
    }
    const auto unsigned_arg = [&]() -> std::uint64_t {
      if (longs >= 2) return va_arg(args, unsigned long long);
      if (longs == 1) return va_arg(args, unsigned long);
      return va_arg(args, unsigned);  // hh and h arrive promoted to int
    };
    switch (*f) {
      case '%':
        w.put('%');
        break;
      case 'c':
        w.put(static_cast<char>(va_arg(args, int)));
        break;
      case 's':
        for (const char* s = va_arg(args, const char*);
             s != nullptr && *s != '\0' && (precision < 0 || precision-- > 0); ++s) {
          w.put(*s);
        }
        break;
      case 'd':
      case 'i': {
        const long long v = longs >= 2   ? va_arg(args, long long)
                            : longs == 1 ? va_arg(args, long)
                                         : va_arg(args, int);
        const std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : v;
        put_number(w, magnitude, v < 0, 10, false, width, precision, zero_pad, left);
        break;
      }
      case 'u':
        put_number(w, unsigned_arg(), false, 10, false, width, precision, zero_pad, left);
        break;
      case 'x':
      case 'X':
        put_number(w, unsigned_arg(), false, 16, *f == 'X', width, precision, zero_pad, left);
        break;
      default:  // unsupported: copy the directive as text
        for (const char* c = start; c <= f && *c != '\0'; ++c) w.put(*c);
        if (*f == '\0') --f;
    }
  }
  return w.finish();
}

}  // namespace scan_login::lean

#ifdef __EMSCRIPTEN__
extern "C" double strtod(const char* text, char** end) {
  return scan_login::lean::parse_double(text, end);
}

// libc++'s string.o (linked for std::string's members) refers to these two;
// musl defines them in the same object as strtod, so they are defined here as
// well. Nothing in the module calls them: LTO drops them.
extern "C" float strtof(const char* text, char** end) {
  return static_cast<float>(scan_login::lean::parse_double(text, end));
}

extern "C" long double strtold(const char* text, char** end) {
  return scan_login::lean::parse_double(text, end);
}

extern "C" int snprintf(char* out, std::size_t size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int length = scan_login::lean::format_to(out, size, format, args);
  va_end(args);
  return length;
}
#endif
