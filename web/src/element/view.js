// The element's shadow DOM: its parts, and what each phase of the login
// shows in them. Server text (nickname, avatar URL, messages) only ever
// reaches the page as textContent or a checked image URL; error messages
// from the server or the toolchain never reach it at all.

import { errorTextKey } from "./error-help.js";

/**
 * Builds the parts into `root` with createElement only: no markup is parsed.
 * @param {ShadowRoot} root
 */
export function buildParts(root) {
  const make = (tag, part, props = {}) => {
    const element = document.createElement(tag);
    element.setAttribute("part", part);
    element.className = part;
    Object.assign(element, props);
    return element;
  };
  const box = make("div", "box");
  box.removeAttribute("part");
  const frame = make("div", "frame");
  const canvas = make("canvas", "canvas");
  canvas.setAttribute("role", "img");
  const overlay = make("div", "overlay", { hidden: true });
  const avatar = make("img", "avatar", { alt: "", hidden: true, referrerPolicy: "no-referrer" });
  const nickname = make("span", "nickname", { hidden: true });
  const message = make("p", "message");
  const button = make("button", "button", { type: "button", hidden: true });
  const status = make("p", "status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  overlay.append(avatar, nickname, message, button);
  frame.append(canvas, overlay);
  box.append(frame, status);
  root.append(box);
  return { box, frame, canvas, overlay, avatar, nickname, message, button, status };
}

// Avatars come from the server: only https: and data:image/ URLs are shown.
function safeImageUrl(value) {
  if (typeof value !== "string" || value === "") return "";
  if (/^data:image\//i.test(value)) return value;
  try {
    return new URL(value).protocol === "https:" ? value : "";
  } catch {
    return "";
  }
}

/**
 * Shows `view` (the core's UI state: state, nickname, photo, message, and
 * the element's own stopped flag) in the parts, in the language of `texts`.
 * @param {ReturnType<typeof buildParts>} p
 * @param {{state: string, nickname?: string, photo?: string, code?: number, stopped?: boolean}} view
 * @param {Record<string, string>} texts
 */
export function renderView(p, view, texts) {
  const phase = view.state;
  p.canvas.setAttribute("aria-label", texts.qrLabel);
  p.frame.dataset.phase = phase;

  let status = "";
  let message = "";
  let button = "";
  let overlay = true;
  let person = false;
  switch (phase) {
    case "showing-code":
      status = texts.title;
      overlay = false;
      break;
    case "scanned":
      status = texts.scanned;
      message = texts.scanned;
      person = true;
      break;
    case "confirmed":
      status = texts.succeed;
      message = texts.succeed;
      person = Boolean(view.nickname || view.photo);
      break;
    case "expired":
      status = message = texts.expired;
      button = texts.refresh;
      break;
    case "cancelled":
      status = message = texts.canceled;
      button = texts.retry;
      break;
    case "reconnecting":
      status = message = texts.reconnecting;
      break;
    case "error":
      // A short text for the person at the page; what went wrong and what
      // to change is the developer's, in the error event (error-help.js).
      status = message = texts[errorTextKey(view.code)] ?? texts.failed;
      button = texts.retry;
      break;
    case "idle":
      if (view.stopped) {
        status = message = texts.stopped;
        button = texts.refresh;
      } else {
        status = message = texts.loading;
      }
      break;
    default: // loading
      status = message = texts.loading;
  }

  p.overlay.hidden = !overlay;
  p.message.textContent = message;
  p.message.classList.toggle("error", phase === "error");
  p.button.hidden = !button;
  p.button.textContent = button;
  p.nickname.hidden = !person || !view.nickname;
  p.nickname.textContent = person ? (view.nickname ?? "") : "";
  const photo = person ? safeImageUrl(view.photo) : "";
  p.avatar.hidden = !photo;
  if (photo) {
    if (p.avatar.getAttribute("src") !== photo) p.avatar.src = photo;
  } else {
    p.avatar.removeAttribute("src");
  }
  // Rewriting the same text would make some screen readers repeat it.
  if (p.status.textContent !== status) p.status.textContent = status;
  // When the overlay already says it, the status line keeps its place and
  // its announcement but is not painted twice.
  p.status.classList.toggle("echo", overlay && status === message);
}
