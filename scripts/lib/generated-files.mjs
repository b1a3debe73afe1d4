// Helpers of the generators: prettier-formatted output (the committed
// generated files pass `npm run format:check` as they are) and generated
// blocks inside hand-written Markdown.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Writes `text` to `file` (making its folder) unless the file has it already. */
export function writeIfChanged(file, text) {
  let old = null;
  try {
    old = readFileSync(file, "utf8");
  } catch {
    // not made yet
  }
  if (old === text) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** `text` as prettier formats a file at `file` with the repository's config. */
export async function formatLike(file, text) {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/**
 * The Markdown of `file` (or `text`, its content with earlier splices) with
 * the block between `<!-- generated:<id> ... -->` and `<!-- /generated:<id> -->`
 * replaced by `content`.
 * @throws {Error} when the text lacks the pair of markers
 */
export function spliceGenerated(file, id, content, text = readFileSync(file, "utf8")) {
  const open = `<!-- generated:${id} (do not edit: node scripts/generate.mjs) -->`;
  const close = `<!-- /generated:${id} -->`;
  const start = text.indexOf(`<!-- generated:${id} `);
  const end = text.indexOf(close);
  if (start < 0 || end < start) {
    throw new Error(`${file}: needs the markers "<!-- generated:${id} ... -->" and "${close}"`);
  }
  return `${text.slice(0, start)}${open}\n\n${content}\n\n${text.slice(end)}`;
}
