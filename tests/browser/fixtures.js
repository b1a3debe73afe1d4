// Shared Playwright fixtures: every browser test talks to the real server.
//
//   import { test, expect } from "./fixtures.js";
//   test.use({ serverArgs: ["--qr-expires-in", "5"] }); // optional, per file or describe
//   test("...", async ({ page, server }) => { await page.goto(`${server.url}/`); });
//
// `server` is worker-scoped: one process per worker and set of serverArgs,
// stopped when the worker ends. A test that needs a server of its own calls
// startServer(args) and stops it in a finally block.
import { test as base, expect } from "@playwright/test";
import { startServer } from "./server.js";

export { expect, startServer };

export const test = base.extend({
  serverArgs: [[], { scope: "worker", option: true }],
  server: [
    async ({ serverArgs }, use) => {
      const server = await startServer(serverArgs);
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "worker" },
  ],
});
