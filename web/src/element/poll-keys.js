// The poll keys of the codes this page's <scan-login> elements saw
// confirmed, by ticket: the proof an app with browserExchange "proof" asks
// for when the page exchanges a ticket itself (the SDK's exchangeUserInfo
// after startScanning; PROTOCOL.md "POST /api/v2/qrcode/userinfo"). Kept in
// this module, never in an event's detail, so that no listener passes a key
// on by accident; the key still never leaves this page.

/** A page logs in a few times at most; older keys are dropped first. */
const MAX_KEYS = 16;
const keyOfTicket = new Map();

/** Keeps `pollKey` (non-empty) as the proof of `ticket`. */
export function rememberPollKey(ticket, pollKey) {
  if (!ticket || !pollKey) return;
  keyOfTicket.delete(ticket);
  keyOfTicket.set(ticket, pollKey);
  while (keyOfTicket.size > MAX_KEYS) keyOfTicket.delete(keyOfTicket.keys().next().value);
}

/** The poll key of the code confirmed with `ticket`, or "" when no element here saw it. */
export function pollKeyOf(ticket) {
  return keyOfTicket.get(ticket) ?? "";
}
