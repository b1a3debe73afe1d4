// Types for web/src/element/poll-keys.js (internal: the element and the SDK).
export function rememberPollKey(ticket: string, pollKey: string): void;
export function pollKeyOf(ticket: string): string;
