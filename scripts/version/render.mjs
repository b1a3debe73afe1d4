// web/src/version.js from package.json's "version", the one place the
// version is written (CMake reads package.json itself: cmake/version.cmake).

/** The module text for `version` (a semver string). */
export function renderVersionModule(version) {
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new Error(
      `package.json: "version" must be a semver string, got ${JSON.stringify(version)}`,
    );
  }
  return [
    "// Generated from package.json by scripts/generate.mjs: do not edit.",
    "",
    "/** The package's version (package.json), e.g. sent in `x-authing-sdk-version`. */",
    `export const VERSION = ${JSON.stringify(version)};`,
    "",
  ].join("\n");
}
