// `node bench/component/profile.mjs [--warm N] [--cold N]` (after scripts/build):
// where the main thread's time goes while a <scan-login> goes from connected
// to its first code (the `load` event), from Chromium's sampling CPU profiler
// (50 us) in the bench page of bench/component/run.mjs (same server, site and
// app; see docs/benchmarks.md "Component"). Warm: N elements in one page
// with the component loaded; cold: N fresh contexts, each importing the
// component first. Prints, per connect, the CPU time of: the component's
// script, its WebAssembly (first calls include their compile), browser APIs
// the script called (fetch, DOM, canvas), the browser's own work (style,
// layout, paint, frame commits, IPC, script compiles: the profiler's
// "(program)"), and garbage collection, with their sum; the rest of the
// time the main thread is idle (waiting for the network or the next frame,
// and the 20 ms between warm connects). Each connect's CPU includes what
// follows its `load` (its first poll, its removal). The profiler slows the
// page a little; run.mjs gives the figures to quote.
import { call, component, median, newBenchPage, arg, startBench } from "./harness.js";

const warmCount = arg("--warm", 40);
const coldCount = arg("--cold", 12);
const deadlineMs = 5 * 60_000;

const categories = [
  ["component script", (frame) => frame.url.includes("/component/") && frame.url.endsWith(".js")],
  ["component wasm", (frame) => frame.url.endsWith(".wasm")],
  ["browser's own work", (frame) => frame.functionName === "(program)"],
  ["garbage collection", (frame) => frame.functionName === "(garbage collector)"],
  ["idle", (frame) => frame.functionName === "(idle)" || frame.functionName === "(root)"],
  ["browser APIs called", (frame) => frame.url === "" && !frame.functionName.startsWith("(")],
  ["the bench's own", () => true],
];

/** Self time (us) per category, and per browser API, of one CPU profile. */
function attribute(profile, totals, apis) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    const us = profile.timeDeltas[i + 1] ?? 0;
    const [name] = categories.find(([, matches]) => matches(frame));
    totals.set(name, (totals.get(name) ?? 0) + us);
    if (name === "browser APIs called") {
      apis.set(frame.functionName, (apis.get(frame.functionName) ?? 0) + us);
    }
  });
}

async function profiled(page, run) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  const times = await run();
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.detach();
  return { times, profile };
}

function report(label, count, times, totals, apis) {
  const perConnect = (us) => `${(us / 1000 / count).toFixed(2)} ms`;
  console.log(
    `\n${label}: ${count} connects, connect -> load median ${median(times).toFixed(1)} ms (profiled)`,
  );
  console.log("| main thread, per connect | CPU |\n| --- | ---: |");
  let busy = 0;
  for (const [name] of categories) {
    if (name === "idle" || !totals.has(name)) continue;
    busy += totals.get(name);
    console.log(`| ${name} | ${perConnect(totals.get(name))} |`);
  }
  console.log(`| **all of the main thread's work** | **${perConnect(busy)}** |`);
  const top = [...apis].sort((a, b) => b[1] - a[1]).slice(0, 4);
  console.log(
    `browser APIs, the largest: ${top.map(([n, us]) => `${n} ${perConnect(us)}`).join(", ")}`,
  );
}

const bench = await startBench();
const watchdog = setTimeout(() => {
  console.error("bench/component/profile: still running after 5 min; giving up");
  process.exit(2);
}, deadlineMs);
try {
  const { browser, site, target } = bench;
  const coldImport = target.host + component;

  const totals = new Map();
  const apis = new Map();
  const { context, page } = await newBenchPage(browser, site);
  await call(page, "connectUntilLoad", { ...target, count: 5, coldImport });
  const warm = await profiled(page, () =>
    call(page, "connectUntilLoad", { ...target, count: warmCount }),
  );
  attribute(warm.profile, totals, apis);
  await context.close();
  report("warm", warmCount, warm.times, totals, apis);

  const coldTotals = new Map();
  const coldApis = new Map();
  const coldTimes = [];
  for (let i = 0; i < coldCount; i++) {
    const fresh = await newBenchPage(browser, site);
    const cold = await profiled(fresh.page, () =>
      call(fresh.page, "connectUntilLoad", { ...target, count: 1, coldImport }),
    );
    attribute(cold.profile, coldTotals, coldApis);
    coldTimes.push(...cold.times);
    await fresh.context.close();
  }
  report("cold (import included)", coldCount, coldTimes, coldTotals, coldApis);
} finally {
  clearTimeout(watchdog);
  await bench.stop();
}
