import type { BoardConfig } from "../../config";
import { describeConnection } from "../../connection/state";
import { ConnectionStore } from "../../connection/store";
import type { BoardSession } from "../../provider";
import { ACCESS_REVOKED, fetchRejoinOffer } from "../../session/rejoin";
import { t } from "../../i18n";
import { h } from "../dom";

export interface ConnectionHooks {
  /** Back in reach (the socket reconnected, or the browser is online again). */
  onReachable(): void;
  /** After every connection change: sections whose controls depend on being online. */
  onChange(): void;
}

/**
 * The connection line in the header (announced when it changes), and the way back in
 * when access ended. Call `start()` once the other sections are mounted.
 */
export function mountConnection({ doc, provider }: BoardSession, config: BoardConfig, announce: (text: string) => void, hooks: ConnectionHooks): { status: HTMLElement; rejoin: HTMLElement; online(): boolean; render(): void; start(): void } {
  const connection = h("p", { class: "phone-connection indaba-connection", "data-testid": "phone-connection" });
  const store = new ConnectionStore(doc, provider);
  /** The server is reachable: the board's socket is synced and the browser is online. */
  const online = (): boolean => store.getState().phase === "connected" && navigator.onLine;
  const rejoin = h("section", { class: "phone-card phone-rejoin", role: "alert", hidden: true, "data-testid": "rejoin" });
  let lastPhase = "";
  let wasReachable = true;
  const renderConnection = (): void => {
    const state = store.getState();
    connection.className = `phone-connection indaba-connection indaba-connection--${state.phase}`;
    connection.textContent = describeConnection(state) + (state.closeMessage && state.phase === "closed" ? `. ${state.closeMessage}` : "");
    if (lastPhase && lastPhase !== state.phase && (state.phase === "connected" || state.phase === "reconnecting" || state.phase === "offline" || state.phase === "closed")) {
      announce(connection.textContent);
    }
    lastPhase = state.phase;
    // Back in reach (the socket reconnected, or the browser is online again): send what waited.
    const reachable = online();
    if (reachable && !wasReachable) hooks.onReachable();
    wasReachable = reachable;
    if (state.phase === "closed" && state.closeCode === ACCESS_REVOKED && rejoin.hidden) void showRejoin();
    hooks.onChange();
  };

  // -- access ended: the way back in ----------------------------------------------------------
  async function showRejoin(): Promise<void> {
    rejoin.hidden = false;
    rejoin.replaceChildren(h("h2", {}, t("rejoin.heading")), h("p", {}, t("rejoin.finding")));
    const offer = await fetchRejoinOffer(config.rejoinUrl, config.token);
    rejoin.replaceChildren(
      h("h2", {}, t("rejoin.heading")),
      h("p", { "data-testid": "rejoin-reason" }, offer?.reason ?? t("rejoin.withdrawn")),
      offer?.displayCode
        ? h("a", { class: "phone-button phone-button--primary phone-link-button", href: offer.joinUrl }, t("rejoin.withCode", { code: offer.displayCode }))
        : h("a", { class: "phone-button phone-link-button", href: offer?.joinUrl ?? "/join/" }, t("rejoin.enterCode")),
    );
    rejoin.scrollIntoView({ block: "start" });
  }

  const start = (): void => {
    store.subscribe(renderConnection);
    renderConnection();
  };
  return { status: connection, rejoin, online, render: renderConnection, start };
}
