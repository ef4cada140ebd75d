import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { LOCAL_ORIGIN } from "../binding/origin";
import { changedDocument } from "../provider";
import {
  type ConnectionEvent,
  type ConnectionState,
  initialConnectionState,
  reduceConnection,
} from "./state";

type Listener = (state: ConnectionState) => void;

/** Feeds provider, document and browser events into the connection reducer. */
export class ConnectionStore {
  private state: ConnectionState;
  private readonly listeners = new Set<Listener>();
  private readonly disposers: Array<() => void> = [];

  constructor(doc: Y.Doc, provider: WebsocketProvider, win: Window = window) {
    this.state = initialConnectionState(win.navigator.onLine);

    const onStatus = ({ status }: { status: "connecting" | "connected" | "disconnected" }): void =>
      this.dispatch({ type: "status", status });
    const onSync = (synced: boolean): void => this.dispatch({ type: "synced", synced });
    const onClose = (event: CloseEvent | null): void =>
      this.dispatch({ type: "close", code: event ? event.code : null });
    // afterTransaction, not "update": an "update" listener makes Yjs encode every
    // transaction, the server's whole document included (see provider.ts).
    const onUpdate = (transaction: Y.Transaction): void => {
      if (transaction.origin === LOCAL_ORIGIN && !provider.synced && changedDocument(transaction)) this.dispatch({ type: "localChange" });
    };
    const onOnline = (): void => this.dispatch({ type: "online", online: true });
    const onOffline = (): void => this.dispatch({ type: "online", online: false });

    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    doc.on("afterTransaction", onUpdate);
    win.addEventListener("online", onOnline);
    win.addEventListener("offline", onOffline);
    this.disposers.push(
      () => provider.off("status", onStatus),
      () => provider.off("sync", onSync),
      () => provider.off("connection-close", onClose),
      () => doc.off("afterTransaction", onUpdate),
      () => win.removeEventListener("online", onOnline),
      () => win.removeEventListener("offline", onOffline),
    );
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(event: ConnectionEvent): void {
    const next = reduceConnection(this.state, event);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }

  destroy(): void {
    for (const dispose of this.disposers) dispose();
    this.listeners.clear();
  }
}
