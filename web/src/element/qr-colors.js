// The QR code's colours from the element's CSS custom properties:
//
//   scan-login { --scan-login-qr-dark: #1a3d7c; --scan-login-qr-light: #f6f8fa; }
//
// Any CSS colour the browser knows (named, hex, rgb(), hsl(), ...). A pair
// a phone may not read is refused, with a console warning naming both
// properties, and the code is drawn black on white instead:
// - either colour not opaque: the page shows through, the contrast is unknown;
// - the dark colour not darker than the light one: a reflectance-reversed
//   code, which ISO/IEC 18004 allows but many phone scanners (and jsQR
//   without inversion) do not read;
// - a WCAG contrast ratio below 3:1 (MIN_QR_CONTRAST), the least WCAG 2
//   (SC 1.4.11) asks of graphics needed to understand content. A code read
//   by a camera off a screen loses contrast to glare, moiré and exposure,
//   so this is stricter than the 2:1 floor of the QR core itself
//   (wasm/core/qr_render.cpp), which serves any use. #07c160 (WeChat green)
//   on white is 2.4:1 and refused; #058a45 on white (4.4:1) is drawn.

export const QR_DARK_PROPERTY = "--scan-login-qr-dark";
export const QR_LIGHT_PROPERTY = "--scan-login-qr-light";
export const MIN_QR_CONTRAST = 3;

const BLACK_ON_WHITE = Object.freeze({ dark: "#000000", light: "#ffffff" });

/**
 * The colours to draw the element's code in, and why a pair was refused.
 * @param {Element} element
 * @returns {{dark: string, light: string, problem: string}} "#rrggbb" colours;
 *   `problem` is "" when the properties are used (or unset), else the warning.
 */
export function qrColors(element) {
  const style = getComputedStyle(element);
  const darkText = style.getPropertyValue(QR_DARK_PROPERTY).trim();
  const lightText = style.getPropertyValue(QR_LIGHT_PROPERTY).trim();
  if (!darkText && !lightText) return { ...BLACK_ON_WHITE, problem: "" };
  const dark = darkText ? parseCssColor(darkText) : [0, 0, 0, 255];
  const light = lightText ? parseCssColor(lightText) : [255, 255, 255, 255];
  const pair = `${QR_DARK_PROPERTY} (${darkText || "unset: black"}) on ${QR_LIGHT_PROPERTY} (${lightText || "unset: white"})`;
  const refuse = (why) => ({
    ...BLACK_ON_WHITE,
    problem: `scan-login: ${pair} ${why}; drawing the QR code black on white instead`,
  });
  if (!dark) return refuse(`: ${QR_DARK_PROPERTY} is not a colour`);
  if (!light) return refuse(`: ${QR_LIGHT_PROPERTY} is not a colour`);
  if (dark[3] !== 255 || light[3] !== 255) return refuse("is not opaque");
  const darkL = relativeLuminance(dark);
  const lightL = relativeLuminance(light);
  if (darkL >= lightL) return refuse("has the dark colour lighter than the light one");
  const ratio = (lightL + 0.05) / (darkL + 0.05);
  if (ratio < MIN_QR_CONTRAST) {
    return refuse(
      `has a contrast of ${ratio.toFixed(2)}:1, below ${MIN_QR_CONTRAST}:1: a phone may not read it`,
    );
  }
  return { dark: hex(dark), light: hex(light), problem: "" };
}

let probe = null;

// A CSS colour as sRGB bytes [r, g, b, a], or null when it is none: the
// canvas parses it (a value it does not take leaves fillStyle unchanged, so
// two different starting values tell), and one painted pixel gives the bytes.
function parseCssColor(text) {
  probe ??= document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  probe.fillStyle = "#000000";
  probe.fillStyle = text;
  const fromBlack = probe.fillStyle;
  probe.fillStyle = "#ffffff";
  probe.fillStyle = text;
  if (probe.fillStyle !== fromBlack) return null;
  probe.clearRect(0, 0, 1, 1);
  probe.fillRect(0, 0, 1, 1);
  return Array.from(probe.getImageData(0, 0, 1, 1).data);
}

// WCAG 2 relative luminance of sRGB bytes.
function relativeLuminance([r, g, b]) {
  const linear = (byte) => {
    const c = byte / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function hex([r, g, b]) {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}
