// The login page WeChat opens for a scanned login QR code (PROTOCOL.md
// "Phone side", apps in `wechat` mode). Built with `Component` so that
// miniprogram-simulate can run it; WeChat calls `onLoad(options)` as for a
// Page.
//
// Phases (data.phase):
//   loading    reading the code's context (changes nothing on the server)
//   scanning   wx.login + POST scanned: the scan is the act, the PC learns of it
//   ready      the request is shown; Confirm / Cancel, phone number, name
//   confirmed  the computer is logged in          (end)
//   cancelled  the login was cancelled            (end)
//   failed     data.failure says why, and offers Retry and/or Scan a code
// A refused phone code keeps the page in `ready` with a note (phoneNote).
const config = require("../../config.js");
const { createApi } = require("../../utils/api.js");
const { QrStatus } = require("../../utils/codes.js");
const { describeFailure } = require("../../utils/failure.js");
const { formatDateTime, formatTime } = require("../../utils/format.js");
const { pickLanguage, translator, wechatLanguage } = require("../../i18n/index.js");
const { listenForPrivacyNeeds, requirePrivacy } = require("../../utils/privacy.js");
const { avatarContentType, loadProfile, saveProfile } = require("../../utils/profile.js");
const { parseScanOptions, parseScanUrl } = require("../../utils/scan-url.js");

/** The id of the agree button, which WeChat checks was tapped. */
const privacyButtonId = "agree-privacy";

function wxLogin() {
  return new Promise((resolve) => {
    wx.login({
      success: (res) =>
        res && res.code
          ? resolve({ ok: true, code: res.code })
          : resolve({ ok: false, reason: "no code" }),
      fail: (error) => resolve({ ok: false, reason: (error && error.errMsg) || "login:fail" }),
    });
  });
}

function readFileBytes(filePath) {
  return new Promise((resolve) => {
    try {
      wx.getFileSystemManager().readFile({
        filePath,
        success: (res) => resolve(res.data),
        fail: () => resolve(null),
      });
    } catch (e) {
      resolve(null);
    }
  });
}

Component({
  data: {
    lang: "en-US",
    text: {},
    phase: "loading",
    /** What the computer asked, for the card: set once the context is read. */
    request: null,
    /** {message, canRetry, canRescan} in the failed phase. */
    failure: null,
    /** "pending" (asking WeChat), "needed" (show the dialog), "agreed", "refused". */
    privacy: "pending",
    phoneShared: false,
    phoneNote: "",
    avatar: "",
    avatarNote: "",
    nickname: "",
    realName: "",
    busy: false,
  },

  lifetimes: {
    attached() {
      const { lang, text, t } = translator(pickLanguage(wechatLanguage(wx)));
      this.t = t;
      this.api = createApi({ serverUrl: config.serverUrl, timeoutMs: config.requestTimeoutMs });
      this.session = { code: "", scanToken: "", phoneCode: "", retry: null };
      this.privacyWaiters = [];
      this.stopPrivacy = listenForPrivacyNeeds(wx, (resolve) => {
        this.privacyWaiters.push(resolve);
        this.show({ privacy: "needed" });
      });
      const profile = loadProfile(wx);
      this.setData({ lang, text, nickname: profile.nickname, avatar: profile.photo });
      if (typeof wx.setNavigationBarTitle === "function") {
        wx.setNavigationBarTitle({ title: text.title });
      }
    },
    detached() {
      this.gone = true;
      this.stopPrivacy();
      for (const resolve of this.privacyWaiters.splice(0)) resolve({ event: "disagree" });
    },
  },

  methods: {
    /** WeChat's page load: `options.q` is the scanned URL, URL-encoded. */
    onLoad(options) {
      this.start(parseScanOptions(options || {}));
    },

    /** setData unless the page is gone (an answer arriving after it closed). */
    show(data) {
      if (!this.gone) this.setData(data);
    },

    start(parsed) {
      this.session = { code: "", scanToken: "", phoneCode: "", retry: null };
      this.show({
        request: null,
        failure: null,
        privacy: "pending",
        phoneShared: false,
        phoneNote: "",
        avatarNote: "",
        realName: "",
        busy: false,
      });
      if (!parsed.ok) {
        return this.show({
          phase: "failed",
          failure: { message: this.t(parsed.reason), canRetry: false, canRescan: true },
        });
      }
      this.session.code = parsed.code;
      return this.loadContext();
    },

    async loadContext() {
      this.show({ phase: "loading" });
      const result = await this.api.context(this.session.code);
      if (this.gone) return undefined;
      if (!result.ok) return this.fail(result, "context");
      const data = result.data || {};
      const ended = {
        [QrStatus.confirmed]: "alreadyConfirmed",
        [QrStatus.cancelled]: "alreadyCancelled",
        [QrStatus.expired]: "expired",
      }[data.status];
      if (data.mode && data.mode !== "wechat") return this.end("demoMode", false);
      if (ended) return this.end(ended, ended === "expired");
      const unknown = this.data.text.unknownValue;
      this.show({
        request: {
          appName: data.appName || "",
          appLogo: data.appLogo || "",
          asks: this.t("asks", { app: data.appName || unknown }),
          browser: data.browser || unknown,
          ip: data.ip || unknown,
          requestedAt: formatDateTime(data.createdAt) || unknown,
          expiresAt: formatTime(data.expireAt) || unknown,
        },
      });
      return this.reportScan();
    },

    /** The scan is the act: prove the WeChat identity and tell the server. */
    async reportScan() {
      this.show({ phase: "scanning", failure: null });
      const login = await wxLogin();
      if (this.gone) return undefined;
      if (!login.ok) {
        this.session.retry = "scan";
        return this.show({
          phase: "failed",
          failure: {
            message: this.t("loginUnavailable", { reason: login.reason }),
            canRetry: true,
            canRescan: false,
          },
        });
      }
      const profile = loadProfile(wx);
      const result = await this.api.scanned(this.session.code, login.code, profile);
      if (this.gone) return undefined;
      if (!result.ok) return this.fail(result, "scan");
      this.session.scanToken = result.data.scanToken;
      this.show({ phase: "ready" });
      return this.askPrivacy();
    },

    async askPrivacy() {
      this.show({ privacy: "pending" });
      const answer = await requirePrivacy(wx);
      this.show({ privacy: answer });
    },

    /** A failed step: a refused phone code stays on the request, all else ends here. */
    fail(result, step, details) {
      const failure = describeFailure(result, step, details);
      if (failure.action === "phone") {
        this.session.phoneCode = "";
        return this.show({
          phase: "ready",
          busy: false,
          phoneShared: false,
          phoneNote: this.t(failure.key, failure.params),
        });
      }
      this.session.retry = failure.action === "retry" ? step : null;
      return this.show({
        phase: "failed",
        busy: false,
        failure: {
          message: this.t(failure.key, failure.params),
          canRetry: failure.action === "retry",
          canRescan: failure.action === "rescan",
        },
      });
    },

    end(key, canRescan) {
      this.show({
        phase: "failed",
        failure: { message: this.t(key), canRetry: false, canRescan },
      });
    },

    onRetry() {
      const step = this.session.retry;
      this.session.retry = null;
      if (step === "context") return this.loadContext();
      if (step === "scan") return this.reportScan();
      this.show({ phase: "ready", failure: null });
      if (step === "confirm") return this.onConfirm();
      if (step === "cancel") return this.onCancel();
      return undefined;
    },

    /** Scans another code with WeChat's scanner and starts over with it. */
    onScanAgain() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ["qrCode"],
        success: (res) => this.start(parseScanUrl(res.result)),
      });
    },

    onAgreePrivacy() {
      for (const resolve of this.privacyWaiters.splice(0)) {
        resolve({ buttonId: privacyButtonId, event: "agree" });
      }
      this.show({ privacy: "agreed" });
    },

    onDisagreePrivacy() {
      for (const resolve of this.privacyWaiters.splice(0)) resolve({ event: "disagree" });
      this.show({ privacy: "refused" });
    },

    onOpenPrivacyContract() {
      if (typeof wx.openPrivacyContract === "function") wx.openPrivacyContract({});
    },

    /** The getPhoneNumber button: `detail.code` is a one-use phone code. */
    onPhoneNumber(event) {
      const detail = (event && event.detail) || {};
      if (detail.code) {
        this.session.phoneCode = detail.code;
        return this.show({ phoneShared: true, phoneNote: "" });
      }
      this.session.phoneCode = "";
      const reason = String(detail.errMsg || "");
      return this.show({
        phoneShared: false,
        phoneNote: /deny|cancel/i.test(reason)
          ? this.t("phoneDenied")
          : this.t("phoneUnavailable", { reason: reason || "no code" }),
      });
    },

    /** The chooseAvatar button: a local file, uploaded; a failure never blocks the login. */
    async onChooseAvatar(event) {
      const filePath = event && event.detail && event.detail.avatarUrl;
      if (!filePath || !this.session.scanToken) return;
      this.show({ avatar: filePath, avatarNote: this.t("avatarUploading") });
      const bytes = await readFileBytes(filePath);
      const result = bytes
        ? await this.api.avatar(
            this.session.code,
            this.session.scanToken,
            avatarContentType(filePath),
            bytes,
          )
        : { ok: false };
      if (result.ok && result.data && result.data.photo) {
        saveProfile(wx, { photo: result.data.photo });
        this.show({ avatarNote: this.t("avatarSaved") });
      } else {
        this.show({ avatarNote: this.t("avatarFailed") });
      }
    },

    onNicknameChange(event) {
      const value = event && event.detail && event.detail.value;
      if (typeof value !== "string") return;
      const profile = saveProfile(wx, { nickname: value });
      this.show({ nickname: profile.nickname });
    },

    /** WeChat's review of a type="nickname" input, after it lost focus. */
    onNicknameReview(event) {
      if (event && event.detail && event.detail.pass === false) {
        saveProfile(wx, { nickname: "" });
        this.show({ nickname: "", avatarNote: this.t("nicknameRejected") });
      }
    },

    onRealNameInput(event) {
      this.setData({ realName: (event && event.detail && event.detail.value) || "" });
    },

    async onConfirm() {
      if (this.data.busy || this.data.phase !== "ready") return;
      const { code, scanToken, phoneCode } = this.session;
      const realName = this.data.realName.trim();
      this.show({ busy: true, phoneNote: "" });
      // What the person picked here (after the scan was reported) goes with
      // the confirm, so a first login already has its nickname and avatar.
      const { nickname, photo } = loadProfile(wx);
      const result = await this.api.confirm(code, scanToken, {
        phoneCode,
        realName,
        nickname,
        photo,
      });
      if (!result.ok) {
        this.fail(result, "confirm", { sentPhoneCode: Boolean(phoneCode) });
        return;
      }
      this.session.phoneCode = "";
      this.show({ busy: false, phase: "confirmed" });
    },

    async onCancel() {
      if (this.data.busy || this.data.phase !== "ready") return;
      const { code, scanToken } = this.session;
      this.show({ busy: true });
      const result = await this.api.cancel(code, scanToken);
      if (!result.ok) {
        this.fail(result, "cancel");
        return;
      }
      this.show({ busy: false, phase: "cancelled" });
    },
  },
});
