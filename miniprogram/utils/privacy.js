// WeChat's privacy authorisation (base library 2.32.3+): before a privacy
// API or component (the getPhoneNumber and chooseAvatar buttons, the
// nickname input) works, the person must agree to the mini program's
// privacy policy in a dialog the mini program draws, with a
// `<button open-type="agreePrivacyAuthorization">`. WeChat announces the need
// through `wx.onNeedPrivacyAuthorization`, which has no "off": this module
// registers one listener per `wx` and hands each need to the page that
// listens now. On an older WeChat without these APIs, nothing is asked.

const slots = new WeakMap();

/**
 * Makes `handler(resolve, eventInfo)` receive WeChat's privacy needs from now
 * on (replacing the previous handler). Returns a function that stops it.
 * A need that arrives with no handler is refused ({event: "disagree"}), so
 * the API that asked fails instead of hanging.
 */
function listenForPrivacyNeeds(api, handler) {
  if (typeof api.onNeedPrivacyAuthorization !== "function") return () => {};
  let slot = slots.get(api);
  if (!slot) {
    slot = { handler: null };
    slots.set(api, slot);
    api.onNeedPrivacyAuthorization((resolve, eventInfo) => {
      if (slot.handler) slot.handler(resolve, eventInfo);
      else resolve({ event: "disagree" });
    });
  }
  slot.handler = handler;
  return () => {
    if (slot.handler === handler) slot.handler = null;
  };
}

/**
 * Asks for the privacy authorisation ahead of the phone button: resolves
 * "agreed" at once when the person agreed before (or WeChat has no such
 * step), otherwise after the dialog, "refused" when they did not agree.
 */
function requirePrivacy(api) {
  if (typeof api.requirePrivacyAuthorize !== "function") return Promise.resolve("agreed");
  return new Promise((resolve) => {
    try {
      api.requirePrivacyAuthorize({
        success: () => resolve("agreed"),
        fail: () => resolve("refused"),
      });
    } catch (e) {
      resolve("refused");
    }
  });
}

module.exports = { listenForPrivacyNeeds, requirePrivacy };
