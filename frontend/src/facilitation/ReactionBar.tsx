import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { type FacilitationApi, NetworkError } from "./api";
import type { ServerClock } from "./clock";
import { useYMap } from "./hooks";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { REACTIONS, readReactions, shouldFloat } from "./reactions";
import { ROOTS } from "../schema";
import { t } from "../i18n";

/** Emoji buttons with counts, for people who can take part. */
export function ReactionBar({ doc, api, canReact, onError }: {
  doc: Y.Doc;
  api: FacilitationApi;
  canReact: boolean;
  onError: (message: string) => void;
}) {
  const { counts } = readReactions(useYMap(doc, ROOTS.reactions));
  const [open, toggle] = useSectionOpen("reactions", true);
  if (!canReact) return null;
  const react = (emoji: string): void => {
    api.post("reactions", { emoji }).catch((e: Error) =>
      onError(e instanceof NetworkError ? t("reactions.notSent", { error: e.message }) : e.message),
    );
  };
  return (
    <PanelSection id="reactions" title={t("reactions.panelTitle")} open={open} onToggle={toggle}>
      <div className="indaba-reactions__buttons" role="group" aria-label={t("reactions.title")}>
        {REACTIONS.map((r) => (
          // The name comes from the content (never an aria-label that hides the visible
          // count): "Thumbs up (2)", the emoji itself silent.
          <button key={r.emoji} type="button" className="indaba-button indaba-reaction" onClick={() => react(r.emoji)}>
            <span aria-hidden="true">{r.emoji}</span> <span className="indaba-visually-hidden">{t(r.label)} (</span><span data-testid={`reaction-count-${r.name}`}>{counts[r.emoji] ?? 0}</span><span className="indaba-visually-hidden">)</span>
          </button>
        ))}
      </div>
    </PanelSection>
  );
}

/** The newest reaction floats up over the board for everyone, with the sender's name. */
export function ReactionFloaters({ doc, clock }: { doc: Y.Doc; clock: ServerClock }) {
  const { last } = readReactions(useYMap(doc, ROOTS.reactions));
  const seen = useRef(new Set<string>());
  const [floating, setFloating] = useState<{ key: string; emoji: string; name: string; left: number }[]>([]);

  useEffect(() => {
    if (!last || !shouldFloat(last, seen.current, clock.now())) {
      if (last) seen.current.add(last.nonce);
      return;
    }
    seen.current.add(last.nonce);
    const item = { key: last.nonce, emoji: last.emoji, name: last.name, left: 20 + Math.random() * 60 };
    setFloating((list) => [...list.slice(-8), item]);
    const id = setTimeout(() => setFloating((list) => list.filter((f) => f.key !== item.key)), 3000);
    return () => clearTimeout(id);
  }, [last, clock]);

  return (
    <div className="indaba-floaters" aria-hidden="true">
      {floating.map((f) => (
        <span key={f.key} className="indaba-floater" style={{ left: `${f.left}%` }} data-testid="floating-reaction">
          {f.emoji}
          <small>{f.name}</small>
        </span>
      ))}
    </div>
  );
}
