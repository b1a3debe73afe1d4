// The shared server fixture itself: other test files rely on it to start,
// restart and stop the real server cleanly.
import { test, expect, startServer } from "./fixtures.js";

test("startServer passes extra flags, restart keeps the URL, stop ends the process", async ({
  request,
}) => {
  const server = await startServer(["--bind", "127.0.0.1"]);
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await request.get(`${server.url}/playground/`)).status()).toBe(200);
    const firstPid = server.process.pid;

    await server.restart();
    expect(server.process.pid).not.toBe(firstPid);
    expect((await request.get(`${server.url}/playground/`)).status()).toBe(200);
  } finally {
    await server.stop();
  }
  expect(server.process.exitCode !== null || server.process.signalCode !== null).toBe(true);
  await expect(request.get(`${server.url}/playground/`)).rejects.toThrow();
});

test("a server that cannot start is an error with its output", async () => {
  await expect(startServer(["--port", "not-a-port"])).rejects.toThrow(/exited early[\s\S]*usage/);
});
