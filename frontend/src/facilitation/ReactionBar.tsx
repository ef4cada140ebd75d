import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import type { FacilitationApi } from "./api";
import type { ServerClock } from "./clock";
import { useYMap } from "./hooks";
import { REACTIONS, readReactions, shouldFloat } from "./reactions";

/** Emoji buttons with counts; the newest reaction floats over the board for everyone. */
export function ReactionBar({ doc, api, clock, canReact, onError }: {
  doc: Y.Doc;
  api: FacilitationApi;
  clock: ServerClock;
  canReact: boolean;
  onError: (message: string) => void;
}) {
  const { counts, last } = readReactions(useYMap(doc, "reactions"));
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
    <>
      <section className="indaba-fac-section indaba-reactions" aria-labelledby="indaba-reactions-title">
        <h2 id="indaba-reactions-title" className="indaba-fac-title">Reactions</h2>
        <div className="indaba-reactions__buttons" role="group" aria-label="React">
          {REACTIONS.map((r) => (
            <button
              key={r.emoji}
              type="button"
              className="indaba-button indaba-reaction"
              aria-label={`${r.name} (${counts[r.emoji] ?? 0})`}
              disabled={!canReact}
              onClick={() => api.post("reactions", { emoji: r.emoji }).catch((e: Error) => onError(e.message))}
            >
              <span aria-hidden="true">{r.emoji}</span> <span data-testid={`reaction-count-${r.name}`}>{counts[r.emoji] ?? 0}</span>
            </button>
          ))}
        </div>
      </section>
      <div className="indaba-floaters" aria-hidden="true">
        {floating.map((f) => (
          <span key={f.key} className="indaba-floater" style={{ left: `${f.left}%` }} data-testid="floating-reaction">
            {f.emoji}
            <small>{f.name}</small>
          </span>
        ))}
      </div>
    </>
  );
}
