import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import { type Peer, peersFrom } from "../presence/collaborators";
import { initials } from "../presence/initials";
import { t } from "../i18n";


function Avatar({ name, color, idle, self }: { name: string; color: string; idle: boolean; self?: boolean }) {
  const label = `${name}${self ? " (you)" : ""}${idle ? ", idle" : ""}`;
  return (
    <li className={`indaba-avatar${idle ? " indaba-avatar--idle" : ""}`} title={label} aria-label={label}>
      <span className="indaba-avatar__disc" style={{ borderColor: color }} aria-hidden="true">
        {initials(name)}
      </span>
    </li>
  );
}

/** Avatars shown before the rest are summed up as "+N" (a 30-person session must not fill
 * the header with faces). */
export const SHOWN_PEERS = 4;

/** "Who is here": this user first, then the others; idle users fade. */
export function PresenceList({ awareness, self }: { awareness: Awareness; self: { name: string; color: string } }) {
  const [peers, setPeers] = useState<Peer[]>(() => peersFrom(awareness.getStates(), awareness.clientID));
  useEffect(() => {
    // Pointer moves change the awareness many times a second; re-render only
    // when someone arrives, leaves, renames, recolours or goes idle.
    const keyOf = (list: Peer[]): string => list.map((p) => `${p.clientId}:${p.name}:${p.color}:${p.idle}`).join("|");
    const update = (): void => {
      const next = peersFrom(awareness.getStates(), awareness.clientID);
      setPeers((current) => (keyOf(current) === keyOf(next) ? current : next));
    };
    awareness.on("change", update);
    update();
    return () => awareness.off("change", update);
  }, [awareness]);
  return (
    <div className="indaba-presence">
      <span className="indaba-visually-hidden">{t("presence.here", { count: peers.length + 1 })}</span>
      <ul className="indaba-presence__list" aria-label={t("presence.list")}>
        <Avatar name={self.name} color={self.color} idle={false} self />
        {peers.slice(0, SHOWN_PEERS).map((peer) => (
          <Avatar key={peer.clientId} name={peer.name} color={peer.color} idle={peer.idle} />
        ))}
        {peers.length > SHOWN_PEERS && (
          <li className="indaba-avatar indaba-avatar--more" title={peers.slice(SHOWN_PEERS).map((p) => p.name).join(", ")}>
            <span className="indaba-avatar__disc indaba-avatar__disc--more">+{peers.length - SHOWN_PEERS}</span>
            <span className="indaba-visually-hidden"> {t("presence.more", { names: peers.slice(SHOWN_PEERS).map((p) => p.name).join(", ") })}</span>
          </li>
        )}
      </ul>
    </div>
  );
}
