// The fake's clock: real time plus an offset that tests move forward through
// the control API, so code and token lifetimes can be crossed without waiting.
// Every lifetime in the fake (codes, tokens) and every recorded call's `at`
// reads this clock.

export function createClock() {
  let offsetMs = 0;
  const nowMs = () => Date.now() + offsetMs;
  return {
    nowMs,
    nowSeconds: () => Math.floor(nowMs() / 1000),
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    reset() {
      offsetMs = 0;
    },
  };
}
