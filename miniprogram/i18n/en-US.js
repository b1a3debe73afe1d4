// English texts of the login page. Keys match zh-CN.js one for one
// (tests/miniprogram/i18n.test.js checks it); `{name}` marks a parameter.
module.exports = {
  title: "Log in on a computer",
  loading: "Looking up the login request…",
  scanning: "Telling the computer you scanned the code…",
  asks: "A computer asks to log in to {app} with your WeChat account.",
  browser: "Browser",
  ip: "IP address",
  requestedAt: "Requested at",
  expiresAt: "Code valid until",
  unknownValue: "unknown",
  warning:
    "Confirm only a login you started yourself on a computer in front of you. If someone sent you this code, tap Cancel.",
  profileTitle: "How the site shows you",
  profileNote: "Your choice is kept on this phone and sent with your next logins.",
  chooseAvatar: "Choose a picture",
  nickname: "Nickname",
  nicknamePlaceholder: "Your nickname",
  avatarUploading: "Uploading your picture…",
  avatarSaved: "Picture saved for your next logins.",
  avatarFailed: "Your picture could not be uploaded; you can log in without it.",
  nicknameRejected: "WeChat did not accept this nickname; choose another one.",
  privacyTitle: "Privacy",
  privacyText:
    "To share your phone number with the site, first agree to this mini program's privacy policy.",
  privacyContract: "Read the privacy policy",
  privacyAgree: "Agree",
  privacyDisagree: "Not now",
  privacyRefused: "Without agreeing you can still log in, but without your phone number.",
  phoneTitle: "Phone number (optional)",
  phoneButton: "Share my phone number",
  phoneShared: "Your phone number will be given to the site when you confirm.",
  phoneDenied:
    "You did not share your phone number. You can confirm without it, or tap the button again.",
  phoneUnavailable:
    "WeChat could not give your phone number ({reason}). You can confirm without it.",
  realName: "Real name (optional)",
  realNamePlaceholder: "As the site should know you",
  confirm: "Log in",
  cancel: "Cancel",
  confirmed: "You are logged in on your computer. You can close this page.",
  cancelled: "Login cancelled. Nothing was given to the site.",
  retry: "Retry",
  scanAgain: "Scan a code",
  // Why nothing happened, each with what to do (utils/failure.js picks one).
  badQr:
    "This is not a login QR code of this mini program. Scan the QR code shown on the computer.",
  noQr: "Open this mini program by scanning the login QR code shown on a computer.",
  demoMode:
    "This site runs in demo mode and does not use WeChat. Scan the code with the phone's camera instead.",
  unknownCode:
    "This QR code is not known (any more). Refresh the QR code on the computer and scan again.",
  expired: "This QR code has expired. Refresh the QR code on the computer and scan again.",
  otherPhone:
    "Another phone has already scanned this code. If that was not you, refresh the QR code on the computer.",
  alreadyConfirmed: "This login has already been confirmed.",
  alreadyCancelled: "This login has already been cancelled.",
  wrongState:
    "This login has already been confirmed or cancelled. Refresh the QR code on the computer to start again.",
  loginRefused: "WeChat did not accept the login. Try again.",
  loginUnavailable: "WeChat could not sign you in ({reason}). Try again.",
  phoneRefused: "WeChat did not accept the phone number. Tap “Share my phone number” again.",
  phoneOtherApp:
    "That phone number was shared with another mini program. Tap “Share my phone number” again.",
  accountRefused:
    "WeChat does not allow this account to log in here right now (its risk check). Log in another way on the computer.",
  accountBlocked:
    "This site has blocked your account, so you cannot log in here. Contact the site if you think this is wrong.",
  wechatBusy: "WeChat is busy. Try again in {seconds} seconds.",
  wechatBusyNoTime: "WeChat is busy. Try again in a moment.",
  wechatUnreachable: "The login server cannot reach WeChat right now. Try again shortly.",
  wechatMisconfigured:
    "The site's mini program settings are wrong (AppID or AppSecret), so WeChat logins cannot work. Tell the site's operator.",
  storeUnavailable: "The login server's database is unavailable. Try again shortly.",
  serverBusy: "The login server is busy. Try again shortly.",
  offline: "No connection to the login server. Check your network and retry.",
  failed: "Something went wrong (code {code}): {message}",
};
