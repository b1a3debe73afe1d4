// Routes each HTTP request: /_fake/... to the control API, anything else is a
// WeChat call, recorded first, then answered by a queued fault or by the
// WeChat API. With TLS, a WeChat call over plain HTTP is refused the way
// WeChat's front end refuses one (HTTP 400 page) and is not recorded: the
// real API would never see it.
import { setTimeout as sleep } from "node:timers/promises";
import { CONTROL_ROUTES, ControlError } from "./control.mjs";
import { parseJsonObject, readBody, send, sendJson } from "./http-io.mjs";
import { answerWechatCall, takesJsonBody } from "./wechat-api.mjs";
import { wechatError } from "./wechat-errors.mjs";

const PLAIN_HTTP_TO_HTTPS_PORT =
  "<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head>" +
  "<body><center><h1>400 Bad Request</h1></center>" +
  "<center>The plain HTTP request was sent to HTTPS port</center></body></html>\n";

// closing: an AbortSignal raised by close(); it cuts fault delays short.
export function createRequestHandler({ world, control, tls, closing }) {
  return (request, response) => {
    answer(request, response).catch((error) => {
      if (!closing.aborted && !isClientGone(error)) console.error("fake-wechat:", error);
      if (response.headersSent || closing.aborted) response.destroy();
      else sendJson(response, 500, { error: String(error) });
    });
  };

  async function answer(request, response) {
    const { path, query } = splitTarget(request.url);
    const body = await readBody(request);
    if (path.startsWith("/_fake/"))
      return answerControl(request.method, path, query, body, response);
    if (tls && !request.socket.encrypted) {
      return send(response, 400, "text/html", PLAIN_HTTP_TO_HTTPS_PORT);
    }
    world.calls.push({
      path,
      method: request.method,
      query,
      body: recordedBody(body),
      bodyBytes: body.bytes,
      at: world.clock.nowMs(),
    });
    const fault = world.faults.take(path);
    if (fault !== null && (await answeredByFault(fault, request, response))) return;
    const json = takesJsonBody(path) && !body.tooLarge ? parseJsonObject(body.text) : undefined;
    const answer = answerWechatCall(world, path, { method: request.method, query, json });
    sendJson(response, answer.status, answer.body);
  }

  // Applies a fault; false when it was only a delay and the call is to be
  // answered normally (still carried out even if the client has gone, as
  // WeChat would: a code can be used up by a call whose answer was lost).
  async function answeredByFault(fault, request, response) {
    if (fault.delayMs > 0) await sleep(fault.delayMs, undefined, { signal: closing });
    if (fault.hang) return true; // never answered; close() destroys the socket
    if (fault.closeConnection) {
      request.socket.destroy();
      return true;
    }
    if (fault.errcode !== undefined) {
      sendJson(response, 200, wechatError(fault.errcode, fault.errmsg));
      return true;
    }
    if (fault.httpStatus !== undefined) {
      send(response, fault.httpStatus, fault.contentType, fault.rawBody);
      return true;
    }
    return false;
  }

  function answerControl(method, path, query, body, response) {
    const operation = CONTROL_ROUTES.get(`${method} ${path}`);
    if (operation === undefined) {
      return sendJson(response, 404, { error: `no control operation ${method} ${path}` });
    }
    try {
      sendJson(response, 200, control[operation](controlArgs(method, query, body)));
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      sendJson(response, error.status, { error: error.message });
    }
  }
}

function controlArgs(method, query, body) {
  if (method === "GET") return query;
  if (body.tooLarge) throw new ControlError(413, "body over 64 KiB");
  if (!body.text) return {};
  const args = parseJsonObject(body.text);
  if (args === undefined) throw new ControlError(400, "body: a JSON object");
  return args;
}

// Path and query of a request target (origin form; the first of repeated
// query parameters wins). Not parsed as a URL so "//x/y" stays a path.
function splitTarget(target) {
  const mark = target.indexOf("?");
  const path = mark === -1 ? target : target.slice(0, mark);
  const query = {};
  for (const [name, value] of new URLSearchParams(mark === -1 ? "" : target.slice(mark + 1))) {
    if (!Object.hasOwn(query, name)) query[name] = value;
  }
  return { path, query };
}

// A call's body as recorded: the JSON value when it parses, else the text;
// null when empty or over the size limit.
function recordedBody({ text }) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isClientGone = (error) =>
  error?.code === "ECONNRESET" ||
  error?.code === "ERR_STREAM_PREMATURE_CLOSE" ||
  error?.message === "aborted";
