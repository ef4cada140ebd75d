import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { LOCAL_ORIGIN } from "../binding/origin";
import { ConnectionStore } from "./store";

type Handler = (...args: unknown[]) => void;

/** The slice of WebsocketProvider the store listens to. */
class FakeProvider {
  synced = false;
  private readonly handlers = new Map<string, Set<Handler>>();
  on(name: string, handler: Handler) {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name)!.add(handler);
  }
  off(name: string, handler: Handler) {
    this.handlers.get(name)?.delete(handler);
  }
  emit(name: string, args: unknown[]) {
    for (const handler of this.handlers.get(name) ?? []) handler(...args);
  }
}

const fakeWindow = () =>
  ({ navigator: { onLine: true }, addEventListener: () => {}, removeEventListener: () => {} }) as unknown as Window;

describe("ConnectionStore", () => {
  it("counts local document transactions made while not synced", () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const store = new ConnectionStore(doc, provider as unknown as WebsocketProvider, fakeWindow());
    const seen: string[] = [];
    store.subscribe((s) => seen.push(s.phase));

    provider.emit("status", [{ status: "connected" }]);
    provider.synced = true;
    provider.emit("sync", [true]);
    doc.transact(() => doc.getMap("elements").set("a", { v: 1 }), LOCAL_ORIGIN);
    expect(store.getState().unsent).toBe(0);

    provider.synced = false;
    provider.emit("connection-close", [{ code: 1006 }]);
    doc.transact(() => doc.getMap("elements").set("a", { v: 2 }), LOCAL_ORIGIN);
    doc.transact(() => doc.getMap("elements").set("b", { v: 1 }), "remote-origin");
    doc.transact(() => doc.getMap("elements").get("a"), LOCAL_ORIGIN); // changed nothing
    expect(store.getState()).toMatchObject({ phase: "reconnecting", unsent: 1 });
    // Counted without an "update" listener, which would make Yjs encode every transaction.
    expect((doc as unknown as { _observers: Map<string, unknown> })._observers.has("update")).toBe(false);
    expect(seen).toEqual(["syncing", "connected", "reconnecting", "reconnecting"]);
    store.destroy();
  });
});
