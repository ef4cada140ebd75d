import { useEffect, useState, useSyncExternalStore } from "react";
import type { ConnectionStore } from "../connection/store";
import { ACCESS_REVOKED, fetchRejoinOffer, type RejoinOffer } from "./rejoin";

/** When this page's access is revoked: why, and the way back in (the new code when the
 * facilitator offered it), in view over the board rather than only in the header. */
export function RejoinNotice({ store, rejoinUrl, token }: { store: ConnectionStore; rejoinUrl: string; token: string }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const revoked = state.phase === "closed" && state.closeCode === ACCESS_REVOKED;
  const [offer, setOffer] = useState<RejoinOffer | null>(null);
  useEffect(() => {
    if (!revoked) return;
    let stopped = false;
    void fetchRejoinOffer(rejoinUrl, token).then((found) => !stopped && setOffer(found));
    return () => {
      stopped = true;
    };
  }, [revoked, rejoinUrl, token]);
  if (!revoked) return null;
  return (
    <div className="indaba-rejoin" role="alert" data-testid="rejoin">
      <p className="indaba-rejoin__title">You are no longer connected to this board.</p>
      <p>{offer?.reason ?? "Your access was withdrawn by the facilitator."}</p>
      {offer?.displayCode ? (
        <a className="indaba-button indaba-button--primary" href={offer.joinUrl}>
          Rejoin with code {offer.displayCode}
        </a>
      ) : (
        <a className="indaba-button" href={offer?.joinUrl ?? "/join/"}>
          Enter a join code
        </a>
      )}
    </div>
  );
}
