// Random values shaped like WeChat's: lengths and alphabets close to what the
// real API hands out, so a client that stores them in fixed buffers or puts
// them in URLs unencoded meets realistic values.
import { randomBytes, randomInt } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomAlphanumeric(length) {
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return text;
}

// wx.login codes are 32 alphanumeric characters.
export const newLoginCode = () => randomAlphanumeric(32);

// getPhoneNumber codes are 64 hexadecimal characters.
export const newPhoneCode = () => randomBytes(32).toString("hex");

// Access tokens: 128 URL-safe characters (WeChat's are ~136 and it asks
// clients to keep 512 characters of room).
export const newAccessToken = () => randomBytes(96).toString("base64url");

// session_key: base64 of 16 bytes (the AES-128 key of WeChat's older
// encrypted-data path).
export const newSessionKey = () => randomBytes(16).toString("base64");

// The request id WeChat appends to every errmsg: ", rid: 6571c9a1-5d3c1a2b-2e4f6a7b".
export const newRid = () =>
  [
    Math.floor(Date.now() / 1000).toString(16),
    randomBytes(4).toString("hex"),
    randomBytes(4).toString("hex"),
  ].join("-");
