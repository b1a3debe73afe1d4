// Generated from web/src/codes.js (scripts/codes/): do not edit.

/**
 * Status of a login code: `status` of GET /api/v2/qrcode/check
 * (PROTOCOL.md), GenAuth's numbers.
 */
const QrStatus = Object.freeze({
  /** expired (or ended): make a new code */
  expired: -1,
  /** waiting for a scan */
  waiting: 0,
  /** scanned, waiting for the phone to confirm; `userInfo` is {nickname, photo} */
  scanned: 1,
  /** confirmed on the phone; `ticket` is set */
  confirmed: 2,
  /** cancelled on the phone */
  cancelled: 3,
});

const SUCCESS_CODE = 200;

/**
 * Every failure's numeric `code`, one meaning each:
 * - 1000..1999: failures the component finds itself (element, SDK, the
 *   WebAssembly login core); never sent by a server.
 * - 10000 and up: the server's envelope codes (PROTOCOL.md "Envelope and
 *   errors"); the first three digits are the HTTP status.
 * A failure without an envelope keeps its bare HTTP status (100..599).
 */
const ErrorCode = Object.freeze({
  /** the component's WebAssembly module or its glue could not be loaded */
  loadFailed: 1000,
  /** the session's configuration is unusable (a missing `app-id`, a bad `redirect-uri`, `interval` or `wait`) */
  invalidConfig: 1001,
  /** the server answered with JSON of the wrong shape */
  malformedReply: 1002,
  /** `check` answered a status outside -1..3 */
  unexpectedStatus: 1003,
  /** the ticket could not be exchanged in the browser (an `error` event; `success` still follows with the ticket) */
  exchangeFailed: 1004,
  /** the callback URL is not among the app's `callbackUrls` (an `error` event after `success`; no navigation) */
  redirectRefused: 1005,
  /** the server lost one new code after another (a 404 for the random four times in a row) */
  codesLost: 1006,
  /** the QR code could not be drawn (its text does not fit a QR code) */
  drawFailed: 1007,
  /** a field or query parameter is wrong; the message starts with its name */
  badField: 40001,
  /** `x-authing-app-id` missing */
  missingAppId: 40002,
  /** `redirectUri` is not one of the app's callback URLs */
  redirectNotAllowed: 40003,
  /** the body is not a JSON object */
  badJson: 40004,
  /** the query string is malformed (bad %-escape, NUL, not UTF-8, a name twice) */
  badQuery: 40005,
  /** WeChat refused the `jsCode` or `phoneCode` (invalid, used, expired): act again */
  wechatBadCode: 40006,
  /** the phone number's watermark names another mini program */
  wechatPhoneMismatch: 40007,
  /** no credentials for the ticket exchange (no app secret, and not an allowed browser) */
  missingCredentials: 40101,
  /** wrong app secret */
  badAppSecret: 40102,
  /** admin token missing */
  missingAdminToken: 40103,
  /** `/metrics` is restricted and the token is missing or wrong */
  badMetricsToken: 40104,
  /** browser exchange in `proof` mode without the code's poll key, or with another's */
  missingExchangeProof: 40105,
  /** browser exchange not allowed (app setting or origin) */
  originNotAllowed: 40301,
  /** wrong admin token */
  badAdminToken: 40302,
  /** cross-origin request from an origin the named app does not allow */
  corsOriginRefused: 40303,
  /** a wechat app was sent a self-asserted openid, unionid or phone number */
  selfAssertedIdentity: 40306,
  /** WeChat refused this person's login (e.g. its 40226, a high-risk account) */
  wechatRefused: 40307,
  /** the site's operator blocked this account (phone, and the PC's `check`) */
  accountBlocked: 40308,
  /** unknown app */
  unknownApp: 40401,
  /** unknown `random` (never made, or swept after its end): generate a new code */
  unknownRandom: 40402,
  /** unknown code */
  unknownCode: 40403,
  /** unknown ticket */
  unknownTicket: 40404,
  /** unknown API route */
  unknownRoute: 40405,
  /** unknown user id (admin API) */
  unknownUser: 40406,
  /** wrong method (`Allow` says which) */
  methodNotAllowed: 40501,
  /** transition not allowed from the current status */
  wrongState: 40901,
  /** ticket already exchanged */
  ticketUsed: 40902,
  /** another phone scanned the code / wrong `scanToken` */
  otherScanner: 40903,
  /** an app with this `appId` exists */
  appExists: 40904,
  /** code expired */
  codeExpired: 41001,
  /** ticket expired */
  ticketExpired: 41002,
  /** body over 16 KiB (refused before it is read) */
  bodyTooLarge: 41301,
  /** body not sent as `application/json` */
  notJson: 41501,
  /** an avatar upload that is not the PNG, JPEG or WebP its `Content-Type` names */
  notAnImage: 41502,
  /** gene rate limit; `Retry-After` in seconds */
  rateLimited: 42901,
  /** request line and headers over 8 KiB */
  headersTooLarge: 43101,
  /** internal error (no details) */
  internal: 50001,
  /** WeChat did not answer in time or not as WeChat; retry */
  wechatUnreachable: 50201,
  /** the mini program's AppID/AppSecret are missing or refused: the operator's part */
  wechatMisconfigured: 50202,
  /** too many live codes; `Retry-After` */
  tooManyCodes: 50301,
  /** too many held long polls; poll without `wait` */
  tooManyPolls: 50302,
  /** the store (database) is unavailable; `Retry-After: 1` */
  storeUnavailable: 50303,
  /** this process is stopping; retry (another process answers) */
  shuttingDown: 50304,
  /** this client holds its share of connections; the connection is closed */
  tooManyConnections: 50305,
  /** WeChat is busy (`-1`) or rate-limits (`45011`); `Retry-After: 60` */
  wechatBusy: 50306,
});

module.exports = { QrStatus, SUCCESS_CODE, ErrorCode };
