// The element's shadow styles as one constructable stylesheet shared by every
// instance. Adopted stylesheets are not inline styles, so a page whose
// Content-Security-Policy has no 'unsafe-inline' for styles still applies
// them, with no violation reported.
//
// Theming: ::part(frame | canvas | overlay | avatar | nickname | message |
// button | status) and these custom properties (defaults in brackets):
//   --scan-login-font        [inherit]
//   --scan-login-color       text colour [#1f2328]
//   --scan-login-muted       status line colour [#59636e]
//   --scan-login-background  behind the code and overlays [#ffffff]
//   --scan-login-border      frame border [1px solid #d1d9e0]
//   --scan-login-radius      frame and button corners [8px]
//   --scan-login-accent      button background [#07c160]
//   --scan-login-accent-text button text [#ffffff]
//   --scan-login-error       error text [#cf222e]
//   --scan-login-qr-dark     the code's dark modules [#000000]
//   --scan-login-qr-light    the code's light modules and quiet zone [#ffffff]
//                            (a pair a phone may not read is refused: ./qr-colors.js)
const css = `
:host {
  display: inline-block;
  vertical-align: top;
  font: var(--scan-login-font, inherit);
  color: var(--scan-login-color, #1f2328);
  contain: layout;
}
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
.box { display: flex; flex-direction: column; align-items: center; }
.frame {
  position: relative;
  box-sizing: content-box;
  overflow: hidden;
  background: var(--scan-login-background, #ffffff);
  border: var(--scan-login-border, 1px solid #d1d9e0);
  border-radius: var(--scan-login-radius, 8px);
}
/* The canvas has exactly as many backing pixels as it covers device pixels
   (see qr-paint.js), so nearest-neighbour sampling puts each backing pixel on
   one device pixel wherever the canvas lands: at a fractional device-pixel
   offset (a 1px border at 125%, padding: 10.3px, margin: auto in an odd
   width, a fractional scroll offset) the browser's default bilinear filter
   would blend neighbouring modules into grey edges instead. Unlike a
   measured transform this holds for moves no observer reports. Its
   white is what a canvas showing no code looks like: qr-paint.js clears it
   to transparent rather than filling it. */
canvas { display: block; image-rendering: pixelated; background: #ffffff; }
.overlay {
  position: absolute;
  inset: 0;
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 0.5em;
  padding: 0.75em;
  text-align: center;
  background: var(--scan-login-background, #ffffff);
  overflow: hidden;
}
.avatar {
  width: 3.5em;
  height: 3.5em;
  border-radius: 50%;
  object-fit: cover;
}
.nickname {
  max-width: 100%;
  font-weight: 600;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.message { margin: 0; max-width: 100%; overflow-wrap: anywhere; }
.message.error { color: var(--scan-login-error, #cf222e); }
button {
  font: inherit;
  cursor: pointer;
  padding: 0.4em 1em;
  border: 0;
  border-radius: var(--scan-login-radius, 8px);
  background: var(--scan-login-accent, #07c160);
  color: var(--scan-login-accent-text, #ffffff);
}
button:focus-visible { outline: 2px solid var(--scan-login-color, #1f2328); outline-offset: 2px; }
.status {
  box-sizing: border-box;
  width: 100%;
  height: 2.8em;
  margin: 0.5em 0 0;
  line-height: 1.4;
  overflow: hidden;
  text-align: center;
  color: var(--scan-login-muted, #59636e);
}
.status.echo { color: transparent; }
`;

let sheet = null;

/** The shared stylesheet, made on first use. */
export function elementStyles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}
