// Browser tests run in Debian's chromium (never a downloaded browser) against
// the real server, which each test file starts through tests/browser/fixtures.
import { defineConfig } from "@playwright/test";
import { launchOptions } from "./tests/browser/chromium-launch.js";

export default defineConfig({
  testDir: "tests/browser",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions,
  },
});
