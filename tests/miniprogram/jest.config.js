// jest for the mini program (npm run test:miniprogram): tests/miniprogram
// only, in jsdom for miniprogram-simulate, as native ES modules (run with
// --experimental-vm-modules; no transform), the mini program's own files
// being CommonJS as WeChat wants them.
export default {
  rootDir: "../..",
  roots: ["<rootDir>/tests/miniprogram"],
  testMatch: ["**/*.test.js"],
  testEnvironment: "jsdom",
  transform: {},
  testTimeout: 30_000,
};
