// The QR core's WebAssembly interface: plain C functions, no embind, so the
// generated glue needs no eval. Failures come back as values, never as traps.
//
// Contract for the JS side (web/src/qr-core.js):
//   h = sl_qr_render(text, ecc, quiet_zone, fg, bg, size_css, dpr, flags)
//     text, fg, bg: NUL-terminated UTF-8 in module memory (fg/bg "#rrggbb" etc.)
//     ecc: 0..3 = L, M, Q, H; flags: bit 0 logo (forces H), bit 1 one pixel
//     per module (see render_options::one_pixel_per_module). Never null.
//   sl_qr_ok(h) -> 1 and the accessors below describe the image, or 0 and
//   sl_qr_error(h) -> message. sl_qr_free(h) releases it (pixels included).

#include <emscripten/emscripten.h>

#include <cstdint>
#include <new>

#include "core/qr_render.hpp"

namespace {

struct render_handle {
  scan_login::result<scan_login::qr_image> image;
};

scan_login::result<scan_login::qr_image> render(const char* text, int ecc, int quiet_zone,
                                                const char* fg, const char* bg, double size_css,
                                                double dpr, int flags) {
  using namespace scan_login;
  if (text == nullptr || fg == nullptr || bg == nullptr) return error{"missing argument"};
  if (ecc < 0 || ecc > 3) return error{"error-correction level must be L, M, Q or H"};
  auto foreground = parse_colour(fg);
  if (!foreground) return error{"foreground: " + foreground.error_message()};
  auto background = parse_colour(bg);
  if (!background) return error{"background: " + background.error_message()};
  render_options options;
  options.ecc = static_cast<ecc_level>(ecc);
  options.quiet_zone = quiet_zone;
  options.foreground = foreground.value();
  options.background = background.value();
  options.size_css = size_css;
  options.device_pixel_ratio = dpr;
  options.logo = (flags & 1) != 0;
  options.one_pixel_per_module = (flags & 2) != 0;
  return render_qr(text, options);
}

const scan_login::qr_image* image_of(const render_handle* h) {
  return h != nullptr && h->image.ok() ? &h->image.value() : nullptr;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE render_handle* sl_qr_render(const char* text, int ecc, int quiet_zone,
                                                 const char* fg, const char* bg, double size_css,
                                                 double dpr, int flags) {
  return new (std::nothrow)
      render_handle{render(text, ecc, quiet_zone, fg, bg, size_css, dpr, flags)};
}

EMSCRIPTEN_KEEPALIVE int sl_qr_ok(const render_handle* h) { return image_of(h) != nullptr; }

EMSCRIPTEN_KEEPALIVE const char* sl_qr_error(const render_handle* h) {
  if (h == nullptr) return "out of memory";
  return h->image.error_message().c_str();
}

EMSCRIPTEN_KEEPALIVE const std::uint8_t* sl_qr_pixels(const render_handle* h) {
  const auto* image = image_of(h);
  return image ? image->rgba.data() : nullptr;
}

// Integer facts about the image, by index: 0 canvas_px, 1 module_px,
// 2 symbol_origin, 3 modules, 4 version, 5 ecc (0..3), 6 logo x, 7 logo y,
// 8 logo size, 9 hole x, 10 hole y, 11 hole size, 12 side of the pixel image
// (canvas_px, or modules + 2 * quiet zone). -1 for a failed render or an
// unknown index.
EMSCRIPTEN_KEEPALIVE int sl_qr_info(const render_handle* h, int index) {
  const auto* image = image_of(h);
  if (image == nullptr) return -1;
  const auto& l = image->layout;
  switch (index) {
    case 0:
      return l.canvas_px;
    case 1:
      return l.module_px;
    case 2:
      return l.symbol_origin;
    case 3:
      return image->modules;
    case 4:
      return image->version;
    case 5:
      return static_cast<int>(image->ecc);
    case 6:
      return l.logo.x;
    case 7:
      return l.logo.y;
    case 8:
      return l.logo.size;
    case 9:
      return l.hole.x;
    case 10:
      return l.hole.y;
    case 11:
      return l.hole.size;
    case 12:
      return image->side;
    default:
      return -1;
  }
}

EMSCRIPTEN_KEEPALIVE void sl_qr_free(render_handle* h) { delete h; }

}  // extern "C"
