// Reading request bodies and writing answers, with the limits WeChat applies.

// WeChat refuses bodies over 64 KiB with 47001 "data format error".
export const MAX_BODY_BYTES = 64 * 1024;
// A body is read to its end (so the answer is not a reset mid-upload) unless
// it runs past this; then the connection is dropped.
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

// Resolves to { text, bytes, tooLarge }: text is null when the body was over
// MAX_BODY_BYTES. Rejects when the client goes away mid-body.
export async function readBody(request) {
  const chunks = [];
  let bytes = 0;
  for await (const chunk of request) {
    bytes += chunk.length;
    if (bytes > MAX_DRAIN_BYTES) {
      request.destroy();
      throw Object.assign(new Error("request body far over the limit"), { code: "BODY_OVERFLOW" });
    }
    if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  const tooLarge = bytes > MAX_BODY_BYTES;
  return { text: tooLarge ? null : Buffer.concat(chunks).toString("utf8"), bytes, tooLarge };
}

// The body as a JSON object, or undefined (empty, malformed, not an object).
export function parseJsonObject(text) {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function sendJson(response, status, value) {
  send(response, status, "application/json", JSON.stringify(value));
}

export function send(response, status, contentType, text) {
  const body = Buffer.from(text, "utf8");
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": body.length });
  response.end(body);
}
