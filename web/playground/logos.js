// Built-in centre logos for the playground, as SVG data URLs (no network).

const svg = (body) =>
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">${body}</svg>`,
  );

// Random black and white blocks: the hardest kind of logo for a decoder,
// because it looks like modules. Deterministic, so every visit is the same.
function busyPattern() {
  let seed = 20240611;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let rects = "";
  for (let y = 0; y < 96; y += 8) {
    for (let x = 0; x < 96; x += 8) {
      if (random() < 0.5) rects += `<rect x="${x}" y="${y}" width="8" height="8"/>`;
    }
  }
  return svg(`<rect width="96" height="96" fill="#fff"/><g fill="#000">${rects}</g>`);
}

/** [{ id, label, url }]; url null means no logo, "custom" reads the URL field. */
export const builtInLogos = Object.freeze([
  { id: "none", label: "None", url: null },
  {
    id: "scan",
    label: "Scan login (green)",
    url: svg(
      `<rect width="96" height="96" rx="20" fill="#07c160"/>` +
        `<path d="M26 40V26h14M56 26h14v14M70 56v14H56M40 70H26V56" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>` +
        `<path d="M30 48h36" stroke="#fff" stroke-width="6" stroke-linecap="round"/>`,
    ),
  },
  {
    id: "chat",
    label: "Chat bubbles (round)",
    url: svg(
      `<circle cx="48" cy="48" r="46" fill="#fff"/><circle cx="48" cy="48" r="42" fill="#1f6feb"/>` +
        `<ellipse cx="40" cy="44" rx="20" ry="16" fill="#fff"/><ellipse cx="58" cy="56" rx="16" ry="13" fill="#dbe9ff"/>` +
        `<circle cx="33" cy="42" r="3" fill="#1f6feb"/><circle cx="47" cy="42" r="3" fill="#1f6feb"/>`,
    ),
  },
  {
    id: "initial",
    label: "Letter S (dark)",
    url: svg(
      `<rect width="96" height="96" rx="14" fill="#111827"/>` +
        `<text x="48" y="66" font-size="56" font-family="sans-serif" font-weight="700" text-anchor="middle" fill="#facc15">S</text>`,
    ),
  },
  { id: "busy", label: "Busy pattern (worst case)", url: busyPattern() },
  { id: "custom", label: "Image from a URL…", url: "custom" },
]);
