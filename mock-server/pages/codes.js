// Generated from web/src/codes.js (scripts/codes/): do not edit. (Meanings: there.)

/**
 * Status of a login code: `status` of GET /api/v2/qrcode/check
 * (PROTOCOL.md), GenAuth's numbers.
 */
export const QrStatus = Object.freeze({
  expired: -1,
  waiting: 0,
  scanned: 1,
  confirmed: 2,
  cancelled: 3,
});

export const SUCCESS_CODE = 200;

/**
 * Every failure's numeric `code`, one meaning each:
 * - 1000..1999: failures the component finds itself (element, SDK, the
 *   WebAssembly login core); never sent by a server.
 * - 10000 and up: the server's envelope codes (PROTOCOL.md "Envelope and
 *   errors"); the first three digits are the HTTP status.
 * A failure without an envelope keeps its bare HTTP status (100..599).
 */
export const ErrorCode = Object.freeze({
  loadFailed: 1000,
  invalidConfig: 1001,
  malformedReply: 1002,
  unexpectedStatus: 1003,
  exchangeFailed: 1004,
  redirectRefused: 1005,
  codesLost: 1006,
  drawFailed: 1007,
  badField: 40001,
  missingAppId: 40002,
  redirectNotAllowed: 40003,
  badJson: 40004,
  badQuery: 40005,
  wechatBadCode: 40006,
  wechatPhoneMismatch: 40007,
  missingCredentials: 40101,
  badAppSecret: 40102,
  missingAdminToken: 40103,
  badMetricsToken: 40104,
  missingExchangeProof: 40105,
  originNotAllowed: 40301,
  badAdminToken: 40302,
  corsOriginRefused: 40303,
  selfAssertedIdentity: 40306,
  wechatRefused: 40307,
  accountBlocked: 40308,
  unknownApp: 40401,
  unknownRandom: 40402,
  unknownCode: 40403,
  unknownTicket: 40404,
  unknownRoute: 40405,
  unknownUser: 40406,
  methodNotAllowed: 40501,
  wrongState: 40901,
  ticketUsed: 40902,
  otherScanner: 40903,
  appExists: 40904,
  codeExpired: 41001,
  ticketExpired: 41002,
  bodyTooLarge: 41301,
  notJson: 41501,
  notAnImage: 41502,
  rateLimited: 42901,
  headersTooLarge: 43101,
  internal: 50001,
  wechatUnreachable: 50201,
  wechatMisconfigured: 50202,
  tooManyCodes: 50301,
  tooManyPolls: 50302,
  storeUnavailable: 50303,
  shuttingDown: 50304,
  tooManyConnections: 50305,
  wechatBusy: 50306,
});
