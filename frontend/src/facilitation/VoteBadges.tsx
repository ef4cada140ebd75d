import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type * as Y from "yjs";
import { t } from "../i18n";
import { useElements, useYMap } from "./hooks";
import { toViewport, useSceneView } from "./sceneView";
import { readVote } from "./votes";
import { ROOTS } from "../schema";

/** Revealed vote counts drawn on the notes themselves (a badge at each note's corner). */
export function VoteBadges({ doc, excalidraw }: { doc: Y.Doc; excalidraw: ExcalidrawImperativeAPI | null }) {
  const vote = readVote(useYMap(doc, ROOTS.vote));
  const results = vote.results;
  const elements = useElements(doc, results !== null) as unknown as { id: string; x: number; y: number; width: number; isDeleted?: boolean }[];
  const view = useSceneView(excalidraw, results !== null);
  if (!results || !view) return null;
  return (
    <div className="indaba-vote-badges" aria-hidden="true">
      {elements
        .filter((e) => !e.isDeleted && (results[e.id] ?? 0) > 0)
        .map((e) => {
          const at = toViewport(view, e.x + e.width, e.y);
          return (
            <span key={e.id} className="indaba-vote-badge" data-testid="vote-badge" title={t("votes.count", { count: results[e.id]! })} style={{ left: at.left - 12, top: at.top - 12 }}>
              ● {results[e.id]}
            </span>
          );
        })}
    </div>
  );
}
