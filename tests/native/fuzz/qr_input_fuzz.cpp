// libFuzzer target: the WASM core's QR input (wasm/core): any text and any
// render options, as a page may pass them through the element's attributes.
// render_qr must return an image or an error, never crash; an image it
// returns must be as large as its layout says, with the quiet zone and the
// logo hole inside the canvas; encode_text must hold the text's bytes.
//
//   build/sanitize/tests/native/qr_input_fuzz -max_total_time=600 \
//     build/sanitize/fuzz-corpus/qr_input_fuzz tests/native/fuzz/corpus
// (scripts/fuzz runs every target; docs/testing.md.)

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

#include "core/qr_matrix.hpp"
#include "core/qr_render.hpp"

namespace {

[[noreturn]] void finding(const char* what) {
  std::cerr << "qr_input_fuzz: " << what << '\n';
  std::abort();
}

// Reads the options from the first bytes of the input; the rest is the text.
class reader {
 public:
  reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::string_view rest() const {
    return {reinterpret_cast<const char*>(data_ + at_), size_ - std::min(at_, size_)};
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scan_login;
  reader in{data, size};
  render_options options;
  const auto flags = in.byte();
  options.ecc = static_cast<ecc_level>(flags & 3);
  options.logo = (flags & 4) != 0;
  options.one_pixel_per_module = (flags & 8) != 0;
  options.quiet_zone = static_cast<int>(in.byte() % 20) - 2;  // some out of range
  options.size_css = static_cast<double>(in.byte()) * 4.0 - 8.0;
  options.device_pixel_ratio = static_cast<double>(in.byte()) / 16.0;
  options.logo_area = static_cast<double>(in.byte()) / 1000.0;
  options.foreground = {in.byte(), in.byte(), in.byte(), 255};
  options.background = {in.byte(), in.byte(), in.byte(), in.byte()};
  const int min_version = static_cast<int>(in.byte() % 44) - 1;
  const auto text = in.rest();

  if (const auto matrix = encode_text(text, options.ecc, min_version); matrix.ok()) {
    if (text.empty() || std::memchr(text.data(), 0, text.size()) != nullptr) {
      finding("encoded an empty text or one with a NUL");
    }
    if (matrix->size() != 17 + 4 * matrix->version()) finding("matrix side and version differ");
    if (matrix->version() < min_version) finding("version below the minimum asked for");
  }

  const auto image = render_qr(text, options);
  if (!image.ok()) {
    if (image.error_message().empty()) finding("render error without a message");
    return 0;
  }
  const auto& layout = image->layout;
  if (layout.canvas_px <= 0 || layout.canvas_px > max_canvas_px) finding("canvas out of bounds");
  if (image->rgba.size() != static_cast<std::size_t>(image->side) * image->side * 4) {
    finding("pixels and side differ");
  }
  const int symbol_px = image->modules * layout.module_px;
  if (layout.symbol_origin < 0 || layout.symbol_origin + symbol_px > layout.canvas_px) {
    finding("symbol outside the canvas");
  }
  if (options.logo && (layout.hole.size <= 0 || layout.hole.x < layout.symbol_origin ||
                       layout.hole.x + layout.hole.size > layout.symbol_origin + symbol_px)) {
    finding("logo hole outside the symbol");
  }
  return 0;
}
