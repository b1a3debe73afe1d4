// The mini program has one page (pages/login/login), opened by WeChat when it
// scans a login QR code; it keeps no state at the app level.
App({});
