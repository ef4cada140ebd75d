import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { useElements, useYMap } from "./hooks";
import { readVote } from "./votes";

interface View {
  scrollX: number;
  scrollY: number;
  zoom: number;
}

/** Revealed vote counts drawn on the notes themselves (a badge at each note's corner). */
export function VoteBadges({ doc, excalidraw }: { doc: Y.Doc; excalidraw: ExcalidrawImperativeAPI | null }) {
  const vote = readVote(useYMap(doc, "vote"));
  const results = vote.results;
  const elements = useElements(doc, results !== null) as unknown as { id: string; x: number; y: number; width: number; isDeleted?: boolean }[];
  const [view, setView] = useState<View | null>(null);

  useEffect(() => {
    if (!excalidraw || results === null) return;
    let frame = 0;
    const read = (): void => {
      frame = 0;
      const s = excalidraw.getAppState();
      setView((v) => (v && v.scrollX === s.scrollX && v.scrollY === s.scrollY && v.zoom === s.zoom.value ? v : { scrollX: s.scrollX, scrollY: s.scrollY, zoom: s.zoom.value }));
    };
    read();
    const off = excalidraw.onChange(() => {
      if (!frame) frame = requestAnimationFrame(read);
    });
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [excalidraw, results]);

  if (!results || !view) return null;
  return (
    <div className="indaba-vote-badges" aria-hidden="true">
      {elements
        .filter((e) => !e.isDeleted && (results[e.id] ?? 0) > 0)
        .map((e) => (
          <span
            key={e.id}
            className="indaba-vote-badge"
            data-testid="vote-badge"
            style={{ left: (e.x + e.width + view.scrollX) * view.zoom - 12, top: (e.y + view.scrollY) * view.zoom - 12 }}
          >
            ● {results[e.id]}
          </span>
        ))}
    </div>
  );
}
