// Every field of an app the console edits, declared once: the create and
// edit forms, their labels and help texts (keys field.<name> and
// field.<name>.help; a select's options field.<name>.<value>), and the
// update body are all derived from this table. Field names and values are
// the admin API's (docs/server.md "Config file"; config/app_config.cpp).

const lines = (text) =>
  text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * @typedef {object} AppField
 * @property {string} name the form control's name
 * @property {"text" | "url" | "lines" | "select" | "number" | "checkbox" | "secret"} kind
 * @property {string[]} [options] a select's values, in order
 * @property {number} [min] @property {number} [max] a number's range
 * @property {boolean} [createOnly] only in the create form (appId: it never changes)
 * @property {string} [group] "miniProgram": shown for wechat apps only
 * @property {(app: object) => any} read the form value for an admin view of an app
 * @property {(body: object, value: any, creating: boolean) => void} write puts
 *   the form value into an update (create) body; an empty secret keeps the
 *   stored one (create: the server makes the app secret)
 * @property {(app: object) => boolean} [isSet] a secret's "set" state
 */

const miniProgram = (body) => (body.miniProgram ??= {});

/** @type {readonly AppField[]} */
export const APP_FIELDS = Object.freeze([
  {
    name: "appId",
    kind: "text",
    createOnly: true,
    read: (app) => app.appId,
    write: (body, value) => (body.appId = value.trim()),
  },
  {
    name: "name",
    kind: "text",
    read: (app) => app.name,
    write: (body, value) => (body.name = value.trim()),
  },
  {
    name: "mode",
    kind: "select",
    options: ["wechat", "demo"],
    read: (app) => app.mode,
    write: (body, value) => (body.mode = value),
  },
  {
    name: "lang",
    kind: "select",
    options: ["", "zh-CN", "en-US"],
    read: (app) => app.lang,
    write: (body, value) => (body.lang = value),
  },
  {
    name: "callbackUrls",
    kind: "lines",
    read: (app) => app.callbackUrls.join("\n"),
    write: (body, value) => (body.callbackUrls = lines(value)),
  },
  {
    name: "allowedOrigins",
    kind: "lines",
    read: (app) => app.allowedOrigins.join("\n"),
    write: (body, value) => (body.allowedOrigins = lines(value)),
  },
  {
    name: "browserExchange",
    kind: "select",
    options: ["off", "proof", "ticketOnly"],
    read: (app) => app.browserExchange,
    write: (body, value) => (body.browserExchange = value),
  },
  {
    name: "returnFullUserInfo",
    kind: "checkbox",
    read: (app) => app.returnFullUserInfo,
    write: (body, value) => (body.returnFullUserInfo = value),
  },
  {
    name: "qrExpiresIn",
    kind: "number",
    min: 1,
    max: 86400,
    read: (app) => app.qrExpiresIn,
    write: (body, value) => value !== "" && (body.qrExpiresIn = Number(value)),
  },
  {
    name: "ticketExpiresIn",
    kind: "number",
    min: 1,
    max: 86400,
    read: (app) => app.ticketExpiresIn,
    write: (body, value) => value !== "" && (body.ticketExpiresIn = Number(value)),
  },
  {
    name: "logo",
    kind: "text",
    read: (app) => app.logo || "",
    write: (body, value) => (body.logo = value.trim()),
  },
  {
    name: "appSecret",
    kind: "secret",
    read: () => "",
    isSet: (app) => app.appSecretSet,
    write: (body, value) => value && (body.appSecret = value),
  },
  {
    name: "mpAppId",
    kind: "text",
    group: "miniProgram",
    read: (app) => app.miniProgram.appId,
    write: (body, value) => (miniProgram(body).appId = value.trim()),
  },
  {
    name: "mpAppSecret",
    kind: "secret",
    group: "miniProgram",
    read: () => "",
    isSet: (app) => app.miniProgram.appSecretSet,
    write: (body, value) => value && (miniProgram(body).appSecret = value),
  },
  {
    name: "mpQrUrlPrefix",
    kind: "url",
    group: "miniProgram",
    read: (app) => app.miniProgram.qrUrlPrefix,
    write: (body, value) => (miniProgram(body).qrUrlPrefix = value.trim()),
  },
  {
    name: "mpVerificationName",
    kind: "text",
    group: "miniProgram",
    read: (app) => app.miniProgram.verificationFile.name,
    write: (body, value) => ((miniProgram(body).verificationFile ??= {}).name = value.trim()),
  },
  {
    name: "mpVerificationContent",
    kind: "secret",
    group: "miniProgram",
    read: () => "",
    isSet: (app) => app.miniProgram.verificationFile.contentSet,
    write: (body, value) => value && ((miniProgram(body).verificationFile ??= {}).content = value),
  },
]);

/** The values a new app's form starts with (the server's own defaults). */
export const NEW_APP = Object.freeze({
  appId: "",
  name: "",
  mode: "wechat",
  lang: "",
  callbackUrls: [],
  allowedOrigins: [],
  browserExchange: "off",
  returnFullUserInfo: false,
  qrExpiresIn: 120,
  ticketExpiresIn: 300,
  logo: "",
  appSecretSet: false,
  miniProgram: {
    appId: "",
    appSecretSet: false,
    qrUrlPrefix: "",
    verificationFile: { name: "", contentSet: false },
  },
});
