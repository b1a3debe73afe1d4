// Everything the fake WeChat knows: registered mini programs, their tokens and
// one-use codes, queued faults, the calls received and the clock. The WeChat
// endpoints read and change it; the control API sets it up.
import { createClock } from "./clock.mjs";
import { createFaults } from "./faults.mjs";
import { createOneUseCodes } from "./one-use-codes.mjs";
import { createStableTokens } from "./stable-tokens.mjs";

export function createWorld() {
  const clock = createClock();
  const world = {
    clock,
    miniPrograms: new Map(), // appid -> { appid, secret, tokenLifetime, renewBefore }
    tokens: createStableTokens(clock),
    loginCodes: createOneUseCodes(clock), // facts: { openid, unionid?, sessionKey }
    phoneCodes: createOneUseCodes(clock), // facts: phone_info of the answer
    faults: createFaults(),
    calls: [], // { path, method, query, body, bodyBytes, at }, in arrival order

    reset() {
      world.miniPrograms.clear();
      world.tokens.clear();
      world.loginCodes.clear();
      world.phoneCodes.clear();
      world.faults.clear();
      world.calls.length = 0;
      clock.reset();
    },
  };
  return world;
}
