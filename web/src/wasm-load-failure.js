// The developer message of error 1000 (LOAD_FAILED): the component's
// WebAssembly could not be loaded. It says what to fix, not only what the
// Emscripten glue said: the glue (wasm/scan-login-core.js) fetches
// scan-login-core.wasm beside itself, through
// new URL("scan-login-core.wasm", import.meta.url). Vite and webpack 5 see
// that and emit the file; esbuild keeps the expression and emits nothing, so
// the file must be copied next to its output (docs/integration.md,
// "Bundlers"), and a bundle that is not an ES module has no import.meta.url.

const FIX =
  "serve the package's wasm/scan-login-core.wasm beside the script that loads it, " +
  "as application/wasm: Vite and webpack 5 emit it on their own; with esbuild, bundle " +
  'as format "esm" and copy the file next to the output (docs/integration.md, "Bundlers")';

/**
 * @param {unknown} reason why the glue or its instantiation failed
 * @returns {string} "could not load the login core (scan-login-core.wasm): <cause>; <fix>"
 */
export function wasmLoadFailure(reason) {
  return `could not load the login core (scan-login-core.wasm): ${causeOf(reason)}; ${FIX}`;
}

function causeOf(reason) {
  if (typeof import.meta.url !== "string") {
    return "this script has no import.meta.url (bundled as a classic script, not an ES module)";
  }
  const text = String(reason instanceof Error ? reason.message : reason);
  // Emscripten's abort text, for both a 404 and a network error.
  if (/fetching of the wasm failed/.test(text)) return "the .wasm could not be fetched";
  // Emscripten's advice (rebuild with assertions) is not the site's to follow.
  return text.replace(/\s*Build with -s ?ASSERTIONS(=1)? for more info\.?/g, "");
}
