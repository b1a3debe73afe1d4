// A small HTTP(S) client for tests of the fake: one request on a fresh
// connection (no keep-alive agent, so nothing outlives a test).
// Resolves { status, headers, text, json } (json: the parsed body, or
// undefined when it is not JSON); rejects on transport errors (refused,
// reset, TLS verification) and when timeoutMs passes without an answer.
import http from "node:http";
import https from "node:https";

export function request(
  baseUrl,
  { method = "GET", path, query, json, rawBody, ca, timeoutMs = 5000 },
) {
  const url = new URL(path, baseUrl);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
  const body = rawBody ?? (json === undefined ? undefined : JSON.stringify(json));
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, {
      method,
      agent: false,
      ca,
      timeout: timeoutMs,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
    });
    outgoing.on("timeout", () =>
      outgoing.destroy(Object.assign(new Error("timed out"), { code: "TIMEOUT" })),
    );
    outgoing.on("error", reject);
    outgoing.on("response", (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: response.statusCode,
          headers: response.headers,
          text,
          json: parseOrUndefined(text),
        });
      });
    });
    outgoing.end(body);
  });
}

function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
