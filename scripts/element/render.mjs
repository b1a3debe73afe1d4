// web/src/element/attributes.d.ts from the attribute table of
// web/src/element/attributes.js: the attribute names, the reflected
// properties with their types and comments, and the table's own API.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { docCommentsOf } from "../lib/doc-comments.mjs";
import { repoRoot } from "../codes/table.mjs";
import { markdownTable } from "../codes/render.mjs";

export const attributesFile = path.join(repoRoot, "web/src/element/attributes.js");

/** Where the types a `tsType` may name come from (relative to web/src/element/). */
const TYPE_IMPORTS = { TextKey: "../i18n.js" };
const TS_TYPES = { string: "string", boolean: "boolean", number: "number" };
const EFFECTS = new Set(["restart", "layout", "render"]);

/**
 * @param {string} [file] the table's module (a test passes a broken copy)
 * @returns {Promise<string>} the typings (not yet formatted)
 * @throws {Error} listing each entry that breaks the table's rules
 */
export async function renderAttributeTypings(file = attributesFile) {
  const { ATTRIBUTES } = await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
  const docs = docCommentsOf(file, "ATTRIBUTES");
  const problems = [];
  const imports = new Set();
  const properties = [];
  const seen = new Set();
  for (const [name, spec] of Object.entries(ATTRIBUTES)) {
    const where = `ATTRIBUTES["${name}"]`;
    if (!/^[a-z]+(-[a-z]+)*$/.test(name)) problems.push(`${where}: names are lowercase-dashed`);
    if (!docs.get(name)) problems.push(`${where}: needs a /** meaning */ comment before it`);
    if (!EFFECTS.has(spec.onChange))
      problems.push(`${where}.onChange: one of ${[...EFFECTS].join(", ")}`);
    let tsType = TS_TYPES[spec.type];
    if (spec.type === "json") {
      tsType = spec.tsType;
      for (const id of String(tsType ?? "").match(/\b[A-Z]\w*/g) ?? []) {
        if (TYPE_IMPORTS[id]) imports.add(id);
        else if (!["Partial", "Record", "Readonly"].includes(id)) {
          problems.push(
            `${where}.tsType names ${id}: add it to TYPE_IMPORTS of scripts/element/render.mjs`,
          );
        }
      }
    }
    if (!tsType) problems.push(`${where}.type: string, boolean, number or json (with tsType)`);
    if (
      spec.type === "number" &&
      !(Number.isFinite(spec.default) && spec.min <= spec.default && spec.default <= spec.max)
    ) {
      problems.push(`${where}: a number needs min <= default <= max`);
    }
    if (spec.property === null) continue;
    if (!/^[a-z][A-Za-z]*$/.test(spec.property ?? ""))
      problems.push(`${where}.property: camelCase, or null`);
    if (seen.has(spec.property))
      problems.push(`${where}.property ${spec.property} is another attribute's`);
    seen.add(spec.property);
    const range =
      spec.type === "number"
        ? `; ${spec.min}..${spec.max}${spec.clamp ? ", clamped" : ""}, default ${spec.default}`
        : "";
    properties.push(
      `  /** ${docs.get(name)} (attribute \`${name}\`${range}) */`,
      `  ${spec.property}: ${tsType};`,
    );
  }
  if (problems.length) throw new Error(`${file}:\n  ${problems.join("\n  ")}`);
  const names = Object.keys(ATTRIBUTES).map((n) => JSON.stringify(n));
  return [
    "// Generated from web/src/element/attributes.js by scripts/generate.mjs: do not edit.",
    ...[...imports].sort().map((id) => `import type { ${id} } from "${TYPE_IMPORTS[id]}";`),
    "",
    "/** The attributes <scan-login> observes. */",
    `export type ScanLoginAttributeName = ${names.join(" | ")};`,
    "",
    "/** The properties of <scan-login> that reflect its attributes. */",
    "export interface ScanLoginAttributeProperties {",
    ...properties,
    "}",
    "",
    "/** One entry of the attribute table (web/src/element/attributes.js says what each field does). */",
    "export interface AttributeSpec {",
    "  readonly property: string | null;",
    '  readonly type: "string" | "boolean" | "number" | "json";',
    '  readonly onChange: "restart" | "layout" | "render";',
    "  readonly default?: number;",
    "  readonly min?: number;",
    "  readonly max?: number;",
    "  readonly clamp?: boolean;",
    "  readonly tsType?: string;",
    "}",
    "export declare const ATTRIBUTES: Readonly<Record<ScanLoginAttributeName, AttributeSpec>>;",
    "export declare const OBSERVED_ATTRIBUTES: readonly ScanLoginAttributeName[];",
    "/** The attribute read as its table entry says. */",
    "export function readAttribute(element: Element, name: ScanLoginAttributeName): unknown;",
    "/** Writes the attribute as its table entry says (json: null removes it). */",
    "export function writeAttribute(element: Element, name: ScanLoginAttributeName, value: unknown): void;",
    "/** Defines the reflecting properties the class does not define itself. */",
    "export function defineAttributeProperties(prototype: object): void;",
    "",
  ].join("\n");
}

/** docs/integration.md's table of the attributes: name, property, type, on change, meaning. */
export async function renderAttributeTable(file = attributesFile) {
  const { ATTRIBUTES } = await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
  const docs = docCommentsOf(file, "ATTRIBUTES");
  const typeOf = (spec) => {
    if (spec.type === "json") return "JSON object";
    if (spec.type !== "number") return spec.type;
    return `number ${spec.min}..${spec.max}${spec.clamp ? " (clamped)" : ""}, default ${spec.default}`;
  };
  return markdownTable(
    ["attribute", "property", "type", "on change", "meaning"],
    Object.entries(ATTRIBUTES).map(([name, spec]) => [
      `\`${name}\``,
      spec.property ? `\`${spec.property}\`` : "(`lang`, HTMLElement's)",
      typeOf(spec),
      spec.onChange,
      docs.get(name) ?? "",
    ]),
  );
}

/**
 * <scan_login/element_attributes.hpp>: each number attribute's default and
 * range (`<name>_default`, `_min`, `_max`), for the core, which applies the
 * defaults and refuses values outside the range (wasm/login/config.cpp).
 */
export async function renderAttributeHeader(file = attributesFile) {
  await renderAttributeTypings(file); // the table's rules, checked once
  const { ATTRIBUTES } = await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
  const docs = docCommentsOf(file, "ATTRIBUTES");
  const lines = [
    "#pragma once",
    "// Generated from web/src/element/attributes.js (scripts/element/): do not edit.",
    "",
    "namespace scan_login::attributes {",
  ];
  for (const [name, spec] of Object.entries(ATTRIBUTES)) {
    if (spec.type !== "number") continue;
    const id = name.replace(/-/g, "_");
    lines.push(
      "",
      `// \`${name}\`: ${docs.get(name)}`,
      `inline constexpr int ${id}_default = ${spec.default};`,
      `inline constexpr int ${id}_min = ${spec.min};`,
      `inline constexpr int ${id}_max = ${spec.max};`,
    );
  }
  lines.push("", "}  // namespace scan_login::attributes", "");
  return lines.join("\n");
}
