// Stable access tokens (POST /cgi-bin/stable_token) with WeChat's documented
// semantics, per appid:
// - normal mode returns the current token and its remaining lifetime; it
//   mints a new one when the current one has expired or has less than the
//   mini program's `renewBefore` seconds left (WeChat: 5 minutes, so
//   expires_in >= 300), and the previous token stays usable until its own
//   expiry (WeChat's hand-over overlap);
// - force_refresh mints a new token and invalidates the older live ones (their
//   use answers 40001), except that force refreshes less than 30 s apart
//   return the current token unchanged, as WeChat does;
// - revoke() is another client's force refresh; expireAll() ages every token
//   to its end (their use answers 42001).
import { newAccessToken } from "./ids.mjs";

export const FORCE_REFRESH_SPACING_MS = 30_000;

export function createStableTokens(clock) {
  const tokens = new Map(); // access_token -> { value, appid, expiresAtMs, replaced }
  const currentByAppid = new Map();
  const lastForcedAtMs = new Map();

  const isLive = (token, now) => !token.replaced && now < token.expiresAtMs;

  function mint(appid, lifetimeSeconds, now) {
    const token = {
      value: newAccessToken(),
      appid,
      expiresAtMs: now + lifetimeSeconds * 1000,
      replaced: false,
    };
    tokens.set(token.value, token);
    currentByAppid.set(appid, token);
    return token;
  }

  // Invalidates every live token of `appid` (an expired one stays "expired").
  function replaceLive(appid, now) {
    let replacedAny = false;
    for (const token of tokens.values()) {
      if (token.appid === appid && isLive(token, now)) {
        token.replaced = true;
        replacedAny = true;
      }
    }
    return replacedAny;
  }

  return {
    // `program`: { appid, tokenLifetime, renewBefore } (seconds).
    // Returns WeChat's answer body { access_token, expires_in }.
    fetch(program, forceRefresh) {
      const now = clock.nowMs();
      let token = currentByAppid.get(program.appid);
      const live = token !== undefined && isLive(token, now);
      if (forceRefresh) {
        const sinceForced = now - (lastForcedAtMs.get(program.appid) ?? -Infinity);
        if (!live || sinceForced >= FORCE_REFRESH_SPACING_MS) {
          replaceLive(program.appid, now);
          token = mint(program.appid, program.tokenLifetime, now);
          lastForcedAtMs.set(program.appid, now);
        }
      } else if (!live || token.expiresAtMs - now < program.renewBefore * 1000) {
        token = mint(program.appid, program.tokenLifetime, now);
      }
      return {
        access_token: token.value,
        expires_in: Math.floor((token.expiresAtMs - now) / 1000),
      };
    },

    // What WeChat's APIs say of an access_token: { appid } when usable, else
    // { errcode }: 40014 unknown, 40001 replaced, 42001 expired.
    check(value) {
      const token = tokens.get(value);
      if (token === undefined) return { errcode: 40014 };
      if (token.replaced) return { errcode: 40001 };
      if (clock.nowMs() >= token.expiresAtMs) return { errcode: 42001 };
      return { appid: token.appid };
    },

    // Another client force-refreshed: live tokens of `appid` answer 40001 and
    // the next stable_token call returns the newer token. False when there was
    // no live token to revoke.
    revoke(program) {
      const now = clock.nowMs();
      if (!replaceLive(program.appid, now)) return false;
      mint(program.appid, program.tokenLifetime, now);
      lastForcedAtMs.set(program.appid, now);
      return true;
    },

    // Every live token reaches its expiry now. Returns how many did.
    expireAll() {
      const now = clock.nowMs();
      let count = 0;
      for (const token of tokens.values()) {
        if (isLive(token, now)) {
          token.expiresAtMs = now;
          count++;
        }
      }
      return count;
    },

    clear() {
      tokens.clear();
      currentByAppid.clear();
      lastForcedAtMs.clear();
    },
  };
}
