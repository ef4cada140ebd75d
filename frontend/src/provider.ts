import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { BoardConfig } from "./config";
import { shouldReconnect } from "./connection/closeCodes";

export interface BoardSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * Opens the board document over the stock y-websocket provider:
 * `${syncUrl}/${boardId}?token=...`. Permanent close codes (4401/4403/4404)
 * stop the reconnect loop; every other close is retried with backoff.
 */
export function openBoardSession(config: BoardConfig): BoardSession {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(config.syncUrl, config.boardId, doc, {
    params: { token: config.token },
    // Other tabs must not see this tab's changes before the server does.
    disableBc: true,
    maxBackoffTime: 5000,
    shouldReconnect: (event: CloseEvent) => shouldReconnect(event.code),
  });
  return { doc, provider };
}
