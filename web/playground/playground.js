// The QR playground: every control change redraws the code with drawQr.
// Loaded as a module from its own file so the page works under
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.
import { drawQr } from "../src/qr-canvas.js";
import { builtInLogos } from "./logos.js";

const $ = (id) => document.getElementById(id);
const form = $("controls");
const canvas = $("qr");
const figure = $("figure");
const info = $("info");
const errorBox = $("error");
const warningBox = $("warning");
const logoSelect = $("logo");
const logoUrl = $("logo-url");

for (const logo of builtInLogos) logoSelect.add(new Option(logo.label, logo.id));

// Colour pickers and their text fields mirror each other; the text field is
// what counts (it also takes #rgb and #rrggbbaa, and may hold a typo).
for (const name of ["foreground", "background"]) {
  const picker = $(`${name}-picker`);
  const field = $(name);
  picker.addEventListener("input", () => {
    field.value = picker.value;
  });
  field.addEventListener("input", () => {
    if (/^#[0-9a-f]{6}$/i.test(field.value.trim())) picker.value = field.value.trim().toLowerCase();
  });
}

function currentOptions() {
  const logo = builtInLogos.find((l) => l.id === logoSelect.value) ?? builtInLogos[0];
  logoUrl.disabled = logo.url !== "custom";
  return {
    size: Number($("size").value),
    ecc: $("ecc").value,
    quietZone: Number($("quiet-zone").value),
    foreground: $("foreground").value,
    background: $("background").value,
    logo: logo.url === "custom" ? logoUrl.value.trim() || null : logo.url,
    devicePixelRatio: window.devicePixelRatio,
  };
}

let frame = 0;
// Marks the figure busy at once (tests and assistive tech can wait for it to
// clear), and draws once per animation frame however fast the input comes.
function scheduleDraw() {
  figure.setAttribute("aria-busy", "true");
  $("size-value").value = $("size").value;
  if (!frame) frame = requestAnimationFrame(draw);
}

async function draw() {
  frame = 0;
  const text = $("text").value;
  const options = currentOptions();
  const result = await drawQr(canvas, text, options);
  if (result.superseded) return;
  if (result.ok) {
    canvas.classList.remove("stale");
    canvas.setAttribute("aria-label", `QR code for: ${text}`);
    errorBox.hidden = true;
    errorBox.textContent = "";
    info.textContent = describe(result, options);
    warningBox.hidden = result.logo !== "failed";
    warningBox.textContent =
      result.logo === "failed" ? `Drawn without the logo: ${result.logoError}` : "";
  } else {
    // Keep the last good code visible but faded, so it is not mistaken for this text.
    canvas.classList.add("stale");
    canvas.setAttribute("aria-label", "QR code (out of date: see the error)");
    errorBox.textContent = result.error;
    errorBox.hidden = false;
    warningBox.hidden = true;
  }
  figure.dataset.state = result.ok ? "ready" : "error";
  if (!frame) figure.setAttribute("aria-busy", "false");
}

function describe(r, options) {
  const forced = options.ecc !== r.ecc ? ` (forced by the logo)` : "";
  return (
    `Version ${r.version} · ${r.modules}×${r.modules} modules · level ${r.ecc}${forced} · ` +
    `module ${r.modulePx} device px · canvas ${r.width}×${r.height} device px ` +
    `(${options.size} CSS px × ${options.devicePixelRatio})`
  );
}

// Moving the window to a screen with another pixel ratio changes the canvas.
function watchPixelRatio() {
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
    "change",
    () => {
      scheduleDraw();
      watchPixelRatio();
    },
    { once: true },
  );
}

$("download").addEventListener("click", () => {
  const link = document.createElement("a");
  link.download = "qr-code.png";
  link.href = canvas.toDataURL("image/png");
  link.click();
});

form.addEventListener("input", scheduleDraw);
form.addEventListener("change", scheduleDraw);
form.addEventListener("submit", (e) => e.preventDefault());
watchPixelRatio();
scheduleDraw();
