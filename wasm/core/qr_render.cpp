#include "qr_render.hpp"

#include <cmath>
#include <cstring>
#include <string>

#include "text_format.hpp"

namespace scan_login {
namespace {

// Largest odd/even side (matching `modules`' parity, so the hole is exactly
// centred on the module grid) whose area stays within `fraction`.
int hole_side(int modules, double fraction) {
  int side = static_cast<int>(std::floor(std::sqrt(fraction) * modules));
  if ((side - modules) % 2 != 0) --side;
  return side > 0 ? side : 0;
}

std::uint32_t pixel_word(rgba c) {
  const std::uint8_t bytes[4] = {c.r, c.g, c.b, c.a};
  std::uint32_t word;
  std::memcpy(&word, bytes, 4);
  return word;
}

// Writes `count` pixels of one colour. A 4-byte memcpy compiles to a single
// store; the word keeps the RGBA byte order whatever the endianness.
void fill_pixels(std::uint8_t* first, int count, std::uint32_t word) {
  for (int i = 0; i < count; ++i) std::memcpy(first + static_cast<std::size_t>(i) * 4, &word, 4);
}

}  // namespace

result<qr_layout> plan_layout(int modules, const render_options& o) {
  if (modules < 21 || modules > 177) {
    return error{"symbol size " + format_int(modules) + " is not a QR code size (21..177)"};
  }
  if (o.quiet_zone < 0 || o.quiet_zone > max_quiet_zone) {
    return error{"quiet zone " + format_int(o.quiet_zone) + " is out of range 0..16 modules"};
  }
  if (!(o.size_css > 0) || !std::isfinite(o.size_css)) {
    return error{"size must be a positive number of CSS pixels"};
  }
  if (!(o.device_pixel_ratio > 0) || o.device_pixel_ratio > 8) {
    return error{"device pixel ratio must be in (0, 8]"};
  }
  if (contrast_ratio(o.foreground, o.background) < 2.0) {
    return error{
        "foreground and background colours are too alike to scan: pick colours with "
        "a contrast of at least 2:1"};
  }
  if (o.logo && !(o.logo_area > 0 && o.logo_area <= max_logo_area)) {
    return error{"logo area must be in (0, " + format_decimal(max_logo_area) +
                 "] of the code so it still decodes"};
  }
  qr_layout layout;
  layout.canvas_px = static_cast<int>(std::lround(o.size_css * o.device_pixel_ratio));
  if (layout.canvas_px > max_canvas_px) {
    return error{"size " + format_decimal(o.size_css) + " CSS px at ratio " +
                 format_decimal(o.device_pixel_ratio) + " needs more than " +
                 format_int(max_canvas_px) + " device pixels: use a smaller size"};
  }
  const int span = modules + 2 * o.quiet_zone;
  layout.module_px = layout.canvas_px / span;
  if (layout.module_px < 1) {
    const double min_css = std::ceil(span / o.device_pixel_ratio);
    return error{"size " + format_decimal(o.size_css) + " CSS px is too small for this " +
                 format_int(modules) + "-module code: use at least " + format_decimal(min_css) +
                 " CSS px, or shorten the text"};
  }
  const int used = layout.module_px * span;
  layout.symbol_origin = (layout.canvas_px - used) / 2 + o.quiet_zone * layout.module_px;
  if (o.logo) {
    layout.hole_modules = hole_side(modules, o.logo_area);
    if (layout.hole_modules == 0) {
      // Found by tests/native/fuzz/qr_input_fuzz: no hole, and a logo
      // rectangle of negative size that the host would draw over the code.
      return error{"logo area " + format_decimal(o.logo_area) +
                   " is smaller than one module of this " + format_int(modules) +
                   "-module code: ask for a larger area or no logo"};
    }
    layout.hole_first = (modules - layout.hole_modules) / 2;
    layout.hole = {layout.symbol_origin + layout.hole_first * layout.module_px,
                   layout.symbol_origin + layout.hole_first * layout.module_px,
                   layout.hole_modules * layout.module_px};
    const int inset = layout.module_px / 2;
    layout.logo = {layout.hole.x + inset, layout.hole.y + inset, layout.hole.size - 2 * inset};
  }
  return layout;
}

qr_layout unit_layout(const qr_layout& full, int modules, int quiet_zone) {
  qr_layout unit;
  unit.canvas_px = modules + 2 * quiet_zone;
  unit.module_px = 1;
  unit.symbol_origin = quiet_zone;
  unit.hole_first = full.hole_first;
  unit.hole_modules = full.hole_modules;
  unit.hole = {quiet_zone + full.hole_first, quiet_zone + full.hole_first, full.hole_modules};
  unit.logo = unit.hole;
  return unit;
}

qr_image paint(const qr_matrix& matrix, const qr_layout& layout, const render_options& o) {
  qr_image image;
  image.version = matrix.version();
  image.ecc = matrix.ecc();
  image.modules = matrix.size();
  image.layout = layout;
  image.side = layout.canvas_px;
  const int canvas = layout.canvas_px, m = layout.module_px, n = matrix.size();
  const std::size_t stride = static_cast<std::size_t>(canvas) * 4;
  image.rgba.resize(stride * canvas);
  std::uint8_t* const pixels = image.rgba.data();
  const std::uint32_t background = pixel_word(o.background);
  const std::uint32_t foreground = pixel_word(o.foreground);

  // Each pixel row is written once: one row by stores, the others by copies
  // of it. Rows outside the symbol are plain background.
  fill_pixels(pixels, canvas, background);
  const auto copy_row = [&](int from, int to) {
    std::memcpy(pixels + static_cast<std::size_t>(to) * stride,
                pixels + static_cast<std::size_t>(from) * stride, stride);
  };
  const int symbol_end = layout.symbol_origin + n * m;
  for (int y = 1; y < layout.symbol_origin; ++y) copy_row(0, y);
  for (int y = symbol_end; y < canvas; ++y) copy_row(0, y);

  const int hole_end = layout.hole_first + layout.hole_modules;
  for (int my = 0; my < n; ++my) {
    const int py = layout.symbol_origin + my * m;
    std::uint8_t* row = pixels + static_cast<std::size_t>(py) * stride;
    const bool row_in_hole = my >= layout.hole_first && my < hole_end;
    fill_pixels(row, layout.symbol_origin, background);
    std::uint8_t* cursor = row + static_cast<std::size_t>(layout.symbol_origin) * 4;
    for (int mx = 0; mx < n; ++mx) {
      const bool in_hole = row_in_hole && mx >= layout.hole_first && mx < hole_end;
      fill_pixels(cursor, m, matrix.dark(mx, my) && !in_hole ? foreground : background);
      cursor += static_cast<std::size_t>(m) * 4;
    }
    fill_pixels(cursor, canvas - symbol_end, background);
    for (int j = 1; j < m; ++j) copy_row(py, py + j);
  }
  return image;
}

result<qr_image> render_qr(std::string_view utf8, const render_options& options) {
  render_options o = options;
  if (o.logo) o.ecc = ecc_level::high;
  auto matrix = encode_text(utf8, o.ecc, o.logo ? 2 : 1);
  if (!matrix) return error{matrix.error_message()};
  auto layout = plan_layout(matrix->size(), o);
  if (!layout) return error{layout.error_message()};
  if (!o.one_pixel_per_module) return paint(matrix.value(), layout.value(), o);
  qr_image image =
      paint(matrix.value(), unit_layout(layout.value(), matrix->size(), o.quiet_zone), o);
  image.layout = layout.value();
  return image;
}

}  // namespace scan_login
