#include "text_format.hpp"

#include <cmath>

namespace scan_login {

std::string format_int(long long value) {
  const bool negative = value < 0;
  unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(value)
                                          : static_cast<unsigned long long>(value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  return negative ? "-" + digits : digits;
}

std::string format_decimal(double value) {
  if (!std::isfinite(value)) return "not a number";
  const long long hundredths = std::llround(value * 100);
  std::string text = format_int(hundredths / 100);
  if (hundredths < 0 && hundredths > -100) text = "-" + text;
  long long fraction = hundredths % 100;
  if (fraction < 0) fraction = -fraction;
  if (fraction != 0) {
    text += '.';
    text += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) text += static_cast<char>('0' + fraction % 10);
  }
  return text;
}

}  // namespace scan_login
