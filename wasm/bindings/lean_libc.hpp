#pragma once
// The implementations behind the browser module's strtod and snprintf (see
// lean_libc.cpp for why they exist and their exact contracts).

#include <cstdarg>
#include <cstddef>

namespace scan_login::lean {

// strtod for JSON numbers: [ws][+-]digits[.digits][(e|E)[+-]digits].
double parse_double(const char* text, char** end);

// vsnprintf for %%, %c, %s, %d/%i, %u, %x/%X with '0'/'-' flags, width,
// precision and hh/h/l/ll/z; returns the length it would have written.
int format_to(char* out, std::size_t size, const char* format, va_list args);

}  // namespace scan_login::lean
