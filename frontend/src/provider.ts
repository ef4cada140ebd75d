import * as Y from "yjs";
import { WebsocketProvider, messageSync } from "y-websocket";
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
  applyServerUpdatesWithoutReencoding(doc, provider);
  return { doc, provider };
}

/** Whether a transaction changed the document (what makes Yjs emit "update" for it). */
export function changedDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

/**
 * Applies the server's sync messages with the provider's "update" listener detached.
 *
 * Yjs encodes every transaction again as an update when the document has an "update"
 * listener, and the provider's is its only one; it ignores what it applied itself (its
 * own origin) but only after Yjs has encoded it: for a 10,000-element board's first sync
 * (5.6 MB) that was 0.3 s on the page's main thread before the first render. A
 * transaction of our own that an observer makes while a server message is being applied
 * is still sent: it is encoded from its starting state once the listener is back.
 */
export function applyServerUpdatesWithoutReencoding(doc: Y.Doc, provider: WebsocketProvider): void {
  const handle = provider.messageHandlers[messageSync];
  provider.messageHandlers[messageSync] = (encoder, decoder, from, emitSynced, messageType) => {
    let ownSince: Map<number, number> | null = null;
    const onTransaction = (transaction: Y.Transaction): void => {
      if (ownSince === null && transaction.origin !== provider && changedDocument(transaction)) ownSince = new Map(transaction.beforeState);
    };
    doc.off("update", provider._updateHandler);
    doc.on("afterTransaction", onTransaction);
    try {
      handle(encoder, decoder, from, emitSynced, messageType);
    } finally {
      doc.off("afterTransaction", onTransaction);
      doc.on("update", provider._updateHandler);
    }
    if (ownSince !== null) provider._updateHandler(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(ownSince)), null);
  };
}
