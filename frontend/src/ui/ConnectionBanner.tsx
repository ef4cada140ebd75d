import { useSyncExternalStore } from "react";
import type { ConnectionStore } from "../connection/store";
import { describeConnection } from "../connection/state";

/** Always-visible connection status: phase, unsent changes, and the server's close reason. */
export function ConnectionBanner({ store }: { store: ConnectionStore }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const showReason = state.closeMessage !== null && state.phase !== "connected";
  return (
    <div className={`indaba-connection indaba-connection--${state.phase}`} role="status" aria-live="polite">
      <span className="indaba-connection__dot" aria-hidden="true" />
      <span className="indaba-connection__text">{describeConnection(state)}</span>
      {showReason && (
        <span className="indaba-connection__reason">
          <span className="indaba-visually-hidden">. </span>
          {state.closeMessage}
        </span>
      )}
    </div>
  );
}
