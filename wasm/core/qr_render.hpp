#pragma once
// QR module matrix -> RGBA pixels for a canvas, crisp at any device pixel
// ratio: every module is a whole number of device pixels.

#include <cstdint>
#include <string_view>
#include <vector>

#include "colour.hpp"
#include "qr_matrix.hpp"
#include "result.hpp"

namespace scan_login {

// Area of the logo hole as a fraction of the symbol's area (quiet zone not
// counted), about 32% of its width. Level H decodes with a centred hole of
// about 19% and fails near 22%, but a hole over the centre alignment pattern
// costs large versions more: with zbar, a solid logo at 12.5% already loses
// codes. 10% decodes every case (tests/native/qr_logo_decode_test.cpp, and
// tests/browser with jsQR). Callers may ask for less, never more.
inline constexpr double max_logo_area = 0.10;
inline constexpr int max_canvas_px = 4096;  // bounds memory: 64 MiB of RGBA at most
inline constexpr int max_quiet_zone = 16;

struct render_options {
  ecc_level ecc = ecc_level::medium;  // forced to high when logo is set
  int quiet_zone = 4;                 // modules of background around the symbol, 0..16
  rgba foreground{0, 0, 0, 255};
  rgba background{255, 255, 255, 255};  // contrast with foreground must be >= 2:1
  double size_css = 256;                // canvas side in CSS pixels, > 0
  double device_pixel_ratio = 1;        // window.devicePixelRatio, 0 < ratio <= 8
  bool logo = false;                    // clear a centred square for a logo
  double logo_area = max_logo_area;     // 0 < logo_area <= max_logo_area
  // Paint one pixel per module (quiet zone included) instead of the whole
  // canvas; the host scales the image up by layout.module_px with
  // nearest-neighbour sampling and draws it at layout.symbol_origin minus the
  // quiet zone. Same result, module_px^2 fewer pixels written and copied.
  bool one_pixel_per_module = false;
};

// A square in device pixels; size 0 means none.
struct pixel_rect {
  int x = 0, y = 0, size = 0;
};

// Where everything lands on the canvas, in device pixels.
struct qr_layout {
  int canvas_px = 0;      // side of the square canvas: round(size_css * device_pixel_ratio)
  int module_px = 0;      // side of one module, the largest integer that fits
  int symbol_origin = 0;  // x = y of module (0, 0)'s top-left corner; centres the code
  int hole_first = 0;     // first module row/column of the logo hole
  int hole_modules = 0;   // side of the hole in modules, 0 without a logo
  pixel_rect hole;        // the cleared square
  pixel_rect logo;        // where the host draws the logo: the hole less half a module
};

// An immutable rendered code.
struct qr_image {
  int version = 0;
  ecc_level ecc = ecc_level::medium;
  int modules = 0;                 // symbol side in modules, without the quiet zone
  qr_layout layout;                // where the code lands on the canvas
  int side = 0;                    // pixels per row of `rgba`: canvas_px, or one per module
  std::vector<std::uint8_t> rgba;  // side * side * 4 bytes, row-major
};

// Validates options and plans the canvas for a symbol of `modules` per side.
// Errors: bad quiet zone, size or ratio; a canvas too small for one device
// pixel per module (the message gives the smallest size that works) or larger
// than max_canvas_px; colours without enough contrast; a logo area out of range.
result<qr_layout> plan_layout(int modules, const render_options& options);

// The layout of the same code at one pixel per module: canvas_px is the
// symbol plus its quiet zone, module_px 1, the hole in modules.
qr_layout unit_layout(const qr_layout& full, int modules, int quiet_zone);

// Paints a matrix with a layout from plan_layout (or unit_layout) for the same
// matrix size; the image's side is layout.canvas_px.
qr_image paint(const qr_matrix& matrix, const qr_layout& layout, const render_options& options);

// The whole pipeline: encode (level H and at least version 2 with a logo, so
// the hole never touches format information), plan, paint (at one pixel per
// module when asked; `layout` still describes the full canvas).
result<qr_image> render_qr(std::string_view utf8, const render_options& options);

}  // namespace scan_login
