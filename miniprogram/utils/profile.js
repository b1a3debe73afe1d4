// The nickname and avatar the person chose, kept on the phone
// (wx.setStorageSync) and sent with the next scans. WeChat no longer hands
// them to mini programs: the person picks them on the page.

const storageKey = "scan-login.profile";
const maxNicknameLength = 64;

/** The saved profile, {nickname, photo}, each "" when never chosen. */
function loadProfile(api) {
  let saved = null;
  try {
    saved = api.getStorageSync(storageKey);
  } catch (e) {
    // Storage unavailable: behave as on a first visit.
  }
  return {
    nickname: saved && typeof saved.nickname === "string" ? saved.nickname : "",
    photo: saved && typeof saved.photo === "string" ? saved.photo : "",
  };
}

/**
 * Saves `changes` ({nickname?, photo?}) over the saved profile and returns
 * the result. A nickname is trimmed and cut to 64 characters. A failing
 * storage is ignored: the profile is a convenience, never needed to log in.
 */
function saveProfile(api, changes) {
  const next = { ...loadProfile(api) };
  if (typeof changes.nickname === "string") {
    next.nickname = changes.nickname.trim().slice(0, maxNicknameLength);
  }
  if (typeof changes.photo === "string") next.photo = changes.photo;
  try {
    api.setStorageSync(storageKey, next);
  } catch (e) {
    // See above.
  }
  return next;
}

/**
 * The content type the server accepts for an avatar file, from its name
 * ("wxfile://tmp_x.png" -> "image/png"); WeChat's chosen avatars are JPEG
 * unless the name says otherwise.
 */
function avatarContentType(filePath) {
  const extension = (/\.([a-z0-9]+)(?:\?.*)?$/i.exec(String(filePath)) || [])[1];
  switch ((extension || "").toLowerCase()) {
    case "png":
      return "image/png";
    case "webp":
      return "image/webp";
    default:
      return "image/jpeg";
  }
}

module.exports = { storageKey, loadProfile, saveProfile, avatarContentType };
