// Generated from package.json by scripts/generate.mjs: do not edit.

/** The package's version (package.json), e.g. sent in `x-authing-sdk-version`. */
export const VERSION = "0.1.0";
