import { useEffect, useState, useSyncExternalStore } from "react";
import type { ConnectionStore } from "../connection/store";
import { ACCESS_REVOKED, fetchRejoinOffer, type RejoinOffer } from "./rejoin";
import { t } from "../i18n";

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
      <p className="indaba-rejoin__title">{t("rejoin.headingBoard")}</p>
      <p>{offer?.reason ?? t("rejoin.withdrawn")}</p>
      {offer?.displayCode ? (
        <a className="indaba-button indaba-button--primary" href={offer.joinUrl}>
          {t("rejoin.withCode", { code: offer.displayCode })}
        </a>
      ) : (
        <a className="indaba-button" href={offer?.joinUrl ?? "/join/"}>
          {t("rejoin.enterCode")}
        </a>
      )}
    </div>
  );
}
