import { closeMessage, shouldReconnect } from "./closeCodes";
import { type MessageKey, t } from "../i18n";

/**
 * The connection banner's state, as a pure reducer over provider events so
 * that the transitions can be unit-tested without a socket.
 */
export type ConnectionPhase =
  | "connecting" // first connection attempt, nothing received yet
  | "syncing" // socket open, waiting for the server's document state
  | "connected" // synced; local changes reach the server
  | "reconnecting" // lost the connection, retrying
  | "offline" // the browser reports no network
  | "closed"; // the server closed for good (4401/4403/4404)

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Local transactions made while not connected (not yet confirmed sent). */
  unsent: number;
  /** Message for the last server close code, if it had one. */
  closeMessage: string | null;
  closeCode: number | null;
  /** Whether a connection has ever synced (to tell connecting from reconnecting). */
  everConnected: boolean;
  browserOnline: boolean;
}

export type ConnectionEvent =
  | { type: "status"; status: "connecting" | "connected" | "disconnected" }
  | { type: "synced"; synced: boolean }
  | { type: "close"; code: number | null }
  | { type: "online"; online: boolean }
  | { type: "localChange" };

export const initialConnectionState = (browserOnline = true): ConnectionState => ({
  phase: browserOnline ? "connecting" : "offline",
  unsent: 0,
  closeMessage: null,
  closeCode: null,
  everConnected: false,
  browserOnline,
});

function disconnectedPhase(state: ConnectionState): ConnectionPhase {
  if (state.phase === "closed") return "closed";
  if (!state.browserOnline) return "offline";
  return state.everConnected ? "reconnecting" : "connecting";
}

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case "status":
      if (state.phase === "closed") return state;
      if (event.status === "connected") return { ...state, phase: "syncing" };
      return { ...state, phase: disconnectedPhase(state) };
    case "synced":
      if (!event.synced || state.phase === "closed") return state;
      // The sync exchange sent the server everything it lacked.
      return { ...state, phase: "connected", unsent: 0, everConnected: true, closeMessage: null, closeCode: null };
    case "close": {
      if (event.code === null) return { ...state, phase: disconnectedPhase(state) };
      const message = closeMessage(event.code);
      const next = { ...state, closeCode: event.code, closeMessage: message ?? state.closeMessage };
      if (!shouldReconnect(event.code)) return { ...next, phase: "closed" };
      return { ...next, phase: disconnectedPhase(next) };
    }
    case "online": {
      const next = { ...state, browserOnline: event.online };
      if (state.phase === "connected" || state.phase === "syncing" || state.phase === "closed") return next;
      return { ...next, phase: disconnectedPhase(next) };
    }
    case "localChange":
      if (state.phase === "connected") return state;
      return { ...state, unsent: state.unsent + 1 };
  }
}

const PHASE_LABELS: Record<ConnectionPhase, MessageKey> = {
  connecting: "connection.connecting",
  syncing: "connection.syncing",
  connected: "connection.connected",
  reconnecting: "connection.reconnecting",
  offline: "connection.offline",
  closed: "connection.closed",
};

/** The banner's one-line summary. */
export function describeConnection(state: ConnectionState): string {
  const parts = [t(PHASE_LABELS[state.phase])];
  if (state.unsent > 0 && state.phase !== "connected") {
    parts.push(t("connection.unsent", { count: state.unsent }));
  }
  return parts.join(" — ");
}
