/** Close codes the Indaba sync server sends, and what the banner says for each. */
export interface CloseCodeInfo {
  message: string;
  /** false: reconnecting cannot help (the provider stops trying). */
  reconnect: boolean;
}

export const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>> = {
  4400: { message: "The server rejected a message from this page. Reconnecting…", reconnect: true },
  4401: { message: "Your access link is invalid or has expired. Reload the page or ask for a new link.", reconnect: false },
  4403: { message: "Your access to this board was revoked.", reconnect: false },
  4404: { message: "This board no longer exists.", reconnect: false },
  4408: { message: "The connection was too slow to keep up. Reconnecting…", reconnect: true },
  4413: { message: "A change or the board is too large for the server. Reconnecting…", reconnect: true },
  4422: { message: "The server refused a change from this page: workshop state (timer, votes, reactions, locks) is changed only through the facilitation tools. Reload the page.", reconnect: false },
  4429: { message: "Too many changes too quickly; the server asked us to slow down. Reconnecting…", reconnect: true },
  4500: { message: "The board hit a problem on the server and is reloading. Reconnecting…", reconnect: true },
  4503: { message: "This board is full right now. Retrying…", reconnect: true },
};

/** Whether the provider should try again after the server closed with `code`. */
export function shouldReconnect(code: number): boolean {
  return CLOSE_CODES[code]?.reconnect ?? true;
}

/** Banner text for a close code, or null for ordinary (unannounced) closes. */
export function closeMessage(code: number): string | null {
  return CLOSE_CODES[code]?.message ?? null;
}
