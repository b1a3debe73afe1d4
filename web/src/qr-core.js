// The QR core (C++ compiled to WebAssembly) as plain JavaScript values: text
// in, RGBA pixels and their layout out. Nothing here touches the DOM; drawing
// is web/src/qr-canvas.js. The glue is Emscripten's ES6 factory built from
// wasm/bindings/qr_exports.cpp (plain C exports, no eval) and served at
// /wasm/; it finds its .wasm next to itself through import.meta.url. The glue
// is imported only when loadQrCore is called, so a page that brings its own
// module (the login component's, which has the same exports) never fetches it.

/** Error-correction levels in the order the core numbers them (0..3). */
export const ECC_LEVELS = Object.freeze(["L", "M", "Q", "H"]);

/** Defaults shared by renderQrPixels and drawQr. */
export const QR_DEFAULTS = Object.freeze({
  size: 256,
  ecc: "M",
  quietZone: 4,
  foreground: "#000000",
  background: "#ffffff",
  devicePixelRatio: 1,
  logo: false,
  onePixelPerModule: false,
});

let corePromise = null;

/**
 * Instantiates the WebAssembly core once per page and shares it. A failed
 * load is not cached, so a later call tries again (e.g. after a network error).
 * @returns {Promise<QrCore>} rejects with an Error saying what failed.
 */
export function loadQrCore() {
  corePromise ??= import("../wasm/scan-login-qr.js")
    .then((glue) => glue.default())
    .then(
      (module) => new QrCore(module),
      (reason) => {
        corePromise = null;
        throw new Error(
          `could not load the QR core (/wasm/scan-login-qr.wasm): ${message(reason)}`,
        );
      },
    );
  return corePromise;
}

/**
 * Renders `text` to pixels with the shared core.
 * Never rejects: every failure, loading included, is `{ ok: false, error }`.
 * @param {string} text
 * @param {import("./qr-core").QrRenderOptions} [options]
 * @returns {Promise<import("./qr-core").QrRenderResult>}
 */
export async function renderQrPixels(text, options = {}) {
  let core;
  try {
    core = await loadQrCore();
  } catch (e) {
    return failure(e.message);
  }
  return core.render(text, options);
}

/**
 * A loaded core. `render` is synchronous; each call allocates its image in
 * WebAssembly memory, copies the pixels out and always frees the handle.
 */
export class QrCore {
  #module;
  #encoder = new TextEncoder();
  #decoder = new TextDecoder();

  constructor(module) {
    this.#module = module;
  }

  /**
   * @param {string} text UTF-8 is encoded case-sensitively; 1..2953 bytes
   *   at level L, fewer at higher levels.
   * @param {import("./qr-core").QrRenderOptions} [options]
   * @returns {import("./qr-core").QrRenderResult} `{ ok: false, error }` on
   *   bad input, never throws for it. The pixels are a copy the caller owns.
   */
  render(text, options = {}) {
    let pixels;
    const layout = this.renderWith(text, options, (view) => {
      pixels = view.slice();
    });
    return layout.ok ? Object.freeze({ ...layout, pixels }) : layout;
  }

  /**
   * The lower-level entry: like render, but instead of copying the pixels it
   * calls `use(view, layout)` synchronously with a view into WebAssembly
   * memory that is valid only during that call (e.g. to putImageData without
   * an extra copy). An exception thrown by `use` propagates after cleanup.
   * @param {string} text
   * @param {import("./qr-core").QrRenderOptions} options
   * @param {(view: Uint8ClampedArray, layout: import("./qr-core").QrLayout) => void} use
   * @returns {import("./qr-core").QrLayoutResult} the layout, or `{ ok: false, error }`
   */
  renderWith(text, options, use) {
    const o = { ...QR_DEFAULTS, ...options };
    const invalid = validate(text, o);
    if (invalid) return failure(invalid);
    const m = this.#module;
    let textPtr = 0;
    let fgPtr = 0;
    let bgPtr = 0;
    let handle = 0;
    let layout;
    try {
      textPtr = this.#cString(text);
      fgPtr = this.#cString(o.foreground);
      bgPtr = this.#cString(o.background);
      if (!textPtr || !fgPtr || !bgPtr) return failure("out of memory in the QR core");
      handle = m._sl_qr_render(
        textPtr,
        ECC_LEVELS.indexOf(o.ecc),
        o.quietZone,
        fgPtr,
        bgPtr,
        o.size,
        o.devicePixelRatio,
        (o.logo ? 1 : 0) | (o.onePixelPerModule ? 2 : 0),
      );
      if (!m._sl_qr_ok(handle)) return failure(this.#readCString(m._sl_qr_error(handle)));
      layout = this.#layout(handle);
    } catch (e) {
      // A trap leaves the instance unusable: load a fresh one next time.
      corePromise = null;
      this.#free(handle, textPtr, fgPtr, bgPtr);
      return failure(`the QR core failed: ${message(e)}`);
    }
    try {
      const ptr = m._sl_qr_pixels(handle);
      // HEAPU8 is read only now: rendering may have grown (replaced) the memory.
      const side = layout.imageSide;
      use(new Uint8ClampedArray(m.HEAPU8.buffer, ptr, side * side * 4), layout);
    } finally {
      this.#free(handle, textPtr, fgPtr, bgPtr);
    }
    return layout;
  }

  #layout(handle) {
    const info = (index) => this.#module._sl_qr_info(handle, index);
    const width = info(0);
    const rect = (first) =>
      info(first + 2) > 0
        ? Object.freeze({ x: info(first), y: info(first + 1), size: info(first + 2) })
        : null;
    return Object.freeze({
      ok: true,
      width,
      height: width,
      modulePx: info(1),
      symbolOrigin: info(2),
      modules: info(3),
      version: info(4),
      ecc: ECC_LEVELS[info(5)],
      logoRect: rect(6),
      holeRect: rect(9),
      imageSide: info(12),
    });
  }

  #free(handle, ...strings) {
    try {
      if (handle) this.#module._sl_qr_free(handle);
      for (const p of strings) if (p) this.#module._free(p);
    } catch {
      // Only after a trap, which the caller reports.
    }
  }

  #cString(value) {
    const bytes = this.#encoder.encode(value);
    const ptr = this.#module._malloc(bytes.length + 1);
    if (!ptr) return 0;
    this.#module.HEAPU8.set(bytes, ptr);
    this.#module.HEAPU8[ptr + bytes.length] = 0;
    return ptr;
  }

  #readCString(ptr) {
    const heap = this.#module.HEAPU8;
    let end = ptr;
    while (heap[end] !== 0) end++;
    return this.#decoder.decode(heap.subarray(ptr, end));
  }
}

// Checks what cannot cross into C intact; the core validates everything else
// (ranges, colours, contrast, capacity) and its messages reach the caller.
function validate(text, o) {
  if (typeof text !== "string") return "text must be a string";
  if (text.includes("\0")) return "text must not contain a NUL character (U+0000)";
  if (!ECC_LEVELS.includes(o.ecc))
    return `error-correction level must be L, M, Q or H, not "${o.ecc}"`;
  if (!Number.isInteger(o.quietZone)) return "quiet zone must be a whole number of modules (0..16)";
  if (typeof o.foreground !== "string") return "foreground must be a colour string like #000000";
  if (typeof o.background !== "string") return "background must be a colour string like #ffffff";
  if (typeof o.size !== "number") return "size must be a number of CSS pixels";
  if (typeof o.devicePixelRatio !== "number") return "device pixel ratio must be a number";
  return null;
}

function failure(error) {
  return Object.freeze({ ok: false, error });
}

function message(reason) {
  return reason instanceof Error ? reason.message : String(reason);
}
