#pragma once
// Number formatting for error messages without printf, which would add ~15 KB
// to the WebAssembly module.

#include <string>

namespace scan_login {

// Decimal integer, e.g. "-42".
std::string format_int(long long value);

// Up to two decimals with trailing zeros dropped, e.g. "1.5", "300", "0.12".
std::string format_decimal(double value);

}  // namespace scan_login
