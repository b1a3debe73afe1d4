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

void fill_rect(std::vector<std::uint8_t>& pixels, int canvas, int x, int y, int w, int h,
               rgba colour) {
  const std::uint8_t px[4] = {colour.r, colour.g, colour.b, colour.a};
  std::uint8_t* first_row = pixels.data() + (static_cast<std::size_t>(y) * canvas + x) * 4;
  for (int i = 0; i < w; ++i) std::memcpy(first_row + i * 4, px, 4);
  for (int j = 1; j < h; ++j) {
    std::memcpy(first_row + static_cast<std::size_t>(j) * canvas * 4, first_row,
                static_cast<std::size_t>(w) * 4);
  }
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
    layout.hole_first = (modules - layout.hole_modules) / 2;
    layout.hole = {layout.symbol_origin + layout.hole_first * layout.module_px,
                   layout.symbol_origin + layout.hole_first * layout.module_px,
                   layout.hole_modules * layout.module_px};
    const int inset = layout.module_px / 2;
    layout.logo = {layout.hole.x + inset, layout.hole.y + inset, layout.hole.size - 2 * inset};
  }
  return layout;
}

qr_image paint(const qr_matrix& matrix, const qr_layout& layout, const render_options& o) {
  qr_image image;
  image.version = matrix.version();
  image.ecc = matrix.ecc();
  image.modules = matrix.size();
  image.layout = layout;
  const int canvas = layout.canvas_px;
  image.rgba.resize(static_cast<std::size_t>(canvas) * canvas * 4);
  fill_rect(image.rgba, canvas, 0, 0, canvas, canvas, o.background);

  const int m = layout.module_px;
  const int hole_end = layout.hole_first + layout.hole_modules;
  const auto in_hole = [&](int x, int y) {
    return x >= layout.hole_first && x < hole_end && y >= layout.hole_first && y < hole_end;
  };
  for (int y = 0; y < matrix.size(); ++y) {
    const int py = layout.symbol_origin + y * m;
    // Paint the module row's first pixel row run by run, then copy it down.
    for (int x = 0; x < matrix.size();) {
      if (!matrix.dark(x, y) || in_hole(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < matrix.size() && matrix.dark(x + run, y) && !in_hole(x + run, y)) ++run;
      fill_rect(image.rgba, canvas, layout.symbol_origin + x * m, py, run * m, 1, o.foreground);
      x += run;
    }
    const std::size_t row_bytes = static_cast<std::size_t>(matrix.size()) * m * 4;
    std::uint8_t* first =
        image.rgba.data() + (static_cast<std::size_t>(py) * canvas + layout.symbol_origin) * 4;
    for (int j = 1; j < m; ++j) {
      std::memcpy(first + static_cast<std::size_t>(j) * canvas * 4, first, row_bytes);
    }
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
  return paint(matrix.value(), layout.value(), o);
}

}  // namespace scan_login
