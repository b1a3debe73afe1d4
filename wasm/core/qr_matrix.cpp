#include "qr_matrix.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <string>

#include "text_format.hpp"

namespace scan_login {
namespace {

QRecLevel to_qrencode(ecc_level ecc) {
  switch (ecc) {
    case ecc_level::low:
      return QR_ECLEVEL_L;
    case ecc_level::medium:
      return QR_ECLEVEL_M;
    case ecc_level::quartile:
      return QR_ECLEVEL_Q;
    case ecc_level::high:
      return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

struct qrcode_deleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

struct qrinput_deleter {
  void operator()(QRinput* input) const { QRinput_free(input); }
};

bool is_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// ASCII goes through libqrencode's mode optimisation (digits and upper-case
// runs packed tighter). Other text is one byte-mode segment behind an ECI 26
// (UTF-8) header: without it decoders guess the charset, and some read
// Chinese UTF-8 as Shift-JIS.
QRcode* encode(const std::string& text, int min_version, QRecLevel level) {
  if (is_ascii(text)) return QRcode_encodeString(text.c_str(), min_version, level, QR_MODE_8, 1);
  std::unique_ptr<QRinput, qrinput_deleter> input(QRinput_new2(min_version, level));
  if (!input) return nullptr;
  constexpr unsigned eci_utf8 = 26;
  if (QRinput_appendECIheader(input.get(), eci_utf8) != 0) return nullptr;
  if (QRinput_append(input.get(), QR_MODE_8, static_cast<int>(text.size()),
                     reinterpret_cast<const unsigned char*>(text.data())) != 0) {
    return nullptr;
  }
  return QRcode_encodeInput(input.get());
}

}  // namespace

qr_matrix::qr_matrix(int version, ecc_level ecc, int size, std::vector<std::uint8_t> dark)
    : version_(version), ecc_(ecc), size_(size), dark_(std::move(dark)) {}

const char* ecc_name(ecc_level ecc) {
  switch (ecc) {
    case ecc_level::low:
      return "L";
    case ecc_level::medium:
      return "M";
    case ecc_level::quartile:
      return "Q";
    case ecc_level::high:
      return "H";
  }
  return "?";
}

result<qr_matrix> encode_text(std::string_view utf8, ecc_level ecc, int min_version) {
  if (utf8.empty()) return error{"text is empty: give at least one character to encode"};
  if (utf8.find('\0') != std::string_view::npos) {
    return error{"text contains a NUL character, which cannot be encoded"};
  }
  if (min_version < 1 || min_version > 40) {
    return error{"min_version " + format_int(min_version) + " is out of range 1..40"};
  }
  const auto too_long = [&] {
    return error{"text too long: " + format_int(utf8.size()) +
                 " bytes do not fit a version-40 QR code at level " + ecc_name(ecc) +
                 " (about 2953 bytes fit at L, 1273 at H); shorten it or lower the level"};
  };
  if (utf8.size() > max_text_bytes) return too_long();

  const std::string text(utf8);  // libqrencode wants a NUL-terminated string
  errno = 0;
  std::unique_ptr<QRcode, qrcode_deleter> code(encode(text, min_version, to_qrencode(ecc)));
  if (!code) {
    if (errno == ERANGE) return too_long();
    if (errno == ENOMEM) return error{"out of memory while encoding the QR code"};
    return error{"libqrencode could not encode the text"};
  }
  const int size = code->width;
  std::vector<std::uint8_t> dark(static_cast<std::size_t>(size) * size);
  for (std::size_t i = 0; i < dark.size(); ++i) dark[i] = code->data[i] & 1;
  return qr_matrix(code->version, ecc, size, std::move(dark));
}

}  // namespace scan_login
