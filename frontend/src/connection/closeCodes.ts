/**
 * Close codes the Indaba sync server sends, and what the banner says for each. The set of
 * codes and whether reconnecting can help come from the board schema (board-document.json,
 * read by the server too); the words are the front end's.
 */
import { CLOSE_CODES as SCHEMA_CLOSE_CODES } from "../schema";

export interface CloseCodeInfo {
  /** The schema's name for the code (e.g. "REVOKED"). */
  name: string;
  /** Banner text, or null for ordinary closes (1000, 1001), which are not announced. */
  message: string | null;
  /** false: reconnecting cannot help (the provider stops trying). */
  reconnect: boolean;
}

/** Closes that need no words: the server or the page is simply going away. */
export const UNANNOUNCED_CODES: ReadonlySet<number> = new Set([1000, 1001]);

/** Banner text per close code; every schema code other than 1000/1001 has one (tested). */
export const CLOSE_MESSAGES: Readonly<Record<number, string>> = {
  4400: "The server rejected a message from this page. Reconnecting…",
  4401: "Your access link is invalid or has expired. Reload the page or ask for a new link.",
  4403: "Your access to this board was revoked.",
  4404: "This board no longer exists.",
  4408: "The connection was too slow to keep up. Reconnecting…",
  4413: "A change or the board is too large for the server. Reconnecting…",
  4422: "The server refused a change from this page: workshop state (timer, votes, reactions, locks) is changed only through the facilitation tools. Reload the page.",
  4429: "Too many changes too quickly; the server asked us to slow down. Reconnecting…",
  4500: "The board hit a problem on the server and is reloading. Reconnecting…",
  4503: "This board is full right now. Retrying…",
};

export const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>> = Object.fromEntries(
  Object.entries(SCHEMA_CLOSE_CODES).map(([code, { name, reconnect }]) => [
    Number(code),
    { name, reconnect, message: CLOSE_MESSAGES[Number(code)] ?? null },
  ]),
);

/** Whether the provider should try again after the server closed with `code`. */
export function shouldReconnect(code: number): boolean {
  return CLOSE_CODES[code]?.reconnect ?? true;
}

/** Banner text for a close code, or null for ordinary (unannounced) closes. */
export function closeMessage(code: number): string | null {
  return CLOSE_CODES[code]?.message ?? null;
}
