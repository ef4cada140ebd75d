import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider, messageSync } from "y-websocket";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyServerUpdatesWithoutReencoding, changedDocument } from "./provider";

const providers: WebsocketProvider[] = [];
afterEach(() => {
  providers.splice(0).forEach((p) => p.destroy());
});

/** A provider that does not connect, with a socket that records what it sends. */
function offlineProvider(doc: Y.Doc) {
  const provider = new WebsocketProvider("ws://127.0.0.1:9", "board", doc, { connect: false, disableBc: true, WebSocketPolyfill: class {} as unknown as typeof WebSocket });
  providers.push(provider);
  const sent: Uint8Array[] = [];
  Object.assign(provider, { ws: { send: (data: Uint8Array) => sent.push(data), close: () => {} }, wsconnected: true });
  applyServerUpdatesWithoutReencoding(doc, provider);
  return { provider, sent };
}

/** The server's SyncStep2 carrying the whole of `server`. */
function serverSyncStep2(server: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(server));
  return encoding.toUint8Array(encoder);
}

function receive(provider: WebsocketProvider, message: Uint8Array): void {
  provider.messageHandlers[messageSync](encoding.createEncoder(), decoding.createDecoder(message), provider, true, messageSync);
}

/** The Yjs updates inside the sync messages the provider sent. */
function sentUpdates(sent: Uint8Array[]): Uint8Array[] {
  return sent.map((message) => {
    const decoder = decoding.createDecoder(message);
    expect(decoding.readVarUint(decoder)).toBe(messageSync);
    expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate);
    return decoding.readVarUint8Array(decoder);
  });
}

function boardDoc(): Y.Doc {
  const server = new Y.Doc();
  const elements = server.getMap("elements");
  for (let i = 0; i < 50; i++) elements.set(`e${i}`, { id: `e${i}`, x: i, y: i });
  return server;
}

describe("applyServerUpdatesWithoutReencoding", () => {
  it("applies the server's document with no update listener on the document", () => {
    const doc = new Y.Doc();
    const { provider, sent } = offlineProvider(doc);
    const listening: boolean[] = [];
    // Yjs encodes a transaction again only when the document has "update" listeners.
    doc.getMap("elements").observe(() => listening.push((doc as unknown as { _observers: Map<string, unknown> })._observers.has("update")));
    receive(provider, serverSyncStep2(boardDoc()));
    expect(doc.getMap("elements").size).toBe(50);
    expect(provider.synced).toBe(true);
    expect(listening).toEqual([false]);
    expect(sent).toEqual([]);
  });

  it("still sends the page's own changes, made after and during a server message", () => {
    const doc = new Y.Doc();
    const { provider, sent } = offlineProvider(doc);
    const notes = doc.getMap("notes");
    // An observer answering the server's change with a change of its own.
    doc.getMap("elements").observe(() => doc.transact(() => notes.set("during", 1), "local"));
    const server = boardDoc();
    receive(provider, serverSyncStep2(server));
    expect(sent).toHaveLength(1);
    doc.transact(() => notes.set("after", 2), "local");
    expect(sent).toHaveLength(2);

    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(server));
    sentUpdates(sent).forEach((update) => Y.applyUpdate(elsewhere, update));
    expect(elsewhere.getMap("notes").toJSON()).toEqual({ during: 1, after: 2 });
  });
});

describe("changedDocument", () => {
  it("tells a transaction that changed the document from one that did not", () => {
    const doc = new Y.Doc();
    const seen: boolean[] = [];
    doc.on("afterTransaction", (transaction: Y.Transaction) => seen.push(changedDocument(transaction)));
    const map = doc.getMap("m");
    doc.transact(() => {});
    map.set("a", 1);
    doc.transact(() => map.get("a"));
    map.delete("a");
    expect(seen).toEqual([false, true, false, true]);
  });
});
