// One-use codes bound to a mini program, as WeChat issues them to the phone
// (wx.login codes and getPhoneNumber codes): valid for 5 minutes, good for
// one exchange by the mini program they were issued to.
// Redeeming answers 40029 for an unknown, expired or other app's code (and
// leaves another app's code usable by its own app), 40163 for a used one.

export const CODE_LIFETIME_SECONDS = 300;

export function createOneUseCodes(clock) {
  const codes = new Map(); // code -> { appid, facts, expiresAtMs, used }

  return {
    has: (code) => codes.has(code),

    add(code, appid, facts) {
      codes.set(code, {
        appid,
        facts,
        expiresAtMs: clock.nowMs() + CODE_LIFETIME_SECONDS * 1000,
        used: false,
      });
    },

    // Returns { facts } (the code is then used up) or { errcode }.
    redeem(code, appid) {
      const entry = codes.get(code);
      if (entry === undefined || entry.appid !== appid) return { errcode: 40029 };
      if (clock.nowMs() >= entry.expiresAtMs) return { errcode: 40029 };
      if (entry.used) return { errcode: 40163 };
      entry.used = true;
      return { facts: entry.facts };
    },

    clear() {
      codes.clear();
    },
  };
}
