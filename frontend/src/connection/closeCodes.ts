/**
 * Close codes the Indaba sync server sends, and what the banner says for each. The set of
 * codes and whether reconnecting can help come from the board schema (board-document.json,
 * read by the server too); the words are the front end's.
 */
import { type MessageKey, t } from "../i18n";
import { CLOSE_CODES as SCHEMA_CLOSE_CODES } from "../schema";

export interface CloseCodeInfo {
  /** The schema's name for the code (e.g. "REVOKED"). */
  name: string;
  /** Catalogue key of the banner text, or null for ordinary closes (1000, 1001), which are not announced. */
  message: MessageKey | null;
  /** false: reconnecting cannot help (the provider stops trying). */
  reconnect: boolean;
}

/** Closes that need no words: the server or the page is simply going away. */
export const UNANNOUNCED_CODES: ReadonlySet<number> = new Set([1000, 1001]);

/** Banner text (its catalogue key) per close code; every schema code other than 1000/1001 has one (tested). */
export const CLOSE_MESSAGES: Readonly<Record<number, MessageKey>> = {
  4400: "close.4400",
  4401: "close.4401",
  4403: "close.4403",
  4404: "close.4404",
  4408: "close.4408",
  4413: "close.4413",
  4422: "close.4422",
  4429: "close.4429",
  4500: "close.4500",
  4503: "close.4503",
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
  const key = CLOSE_CODES[code]?.message;
  return key ? t(key) : null;
}
