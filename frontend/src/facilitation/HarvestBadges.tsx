import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type * as Y from "yjs";
import { ROOTS } from "../schema";
import { readHarvest } from "./harvest";
import { useElements, useYMap } from "./hooks";
import { toViewport, useSceneView } from "./sceneView";
import { t } from "../i18n";

/** A "harvested" sign at the lower corner of every note or frame that went into the
 * knowledge base (the server-written `harvest` map). */
export function HarvestBadges({ doc, excalidraw }: { doc: Y.Doc; excalidraw: ExcalidrawImperativeAPI | null }) {
  const harvested = readHarvest(useYMap(doc, ROOTS.harvest));
  const any = Object.keys(harvested).length > 0;
  const elements = useElements(doc, any) as unknown as { id: string; x: number; y: number; height: number; isDeleted?: boolean }[];
  const view = useSceneView(excalidraw, any);
  if (!any || !view) return null;
  return (
    <div className="indaba-harvest-badges" aria-hidden="true">
      {elements
        .filter((e) => !e.isDeleted && harvested[e.id])
        .map((e) => {
          const at = toViewport(view, e.x, e.y + e.height);
          return (
            <span key={e.id} className="indaba-harvest-badge" data-testid="harvest-badge" title={t("harvest.badgeTitle")} style={{ left: at.left + 4, top: at.top - 22 }}>
              ✓ {t("harvest.done")}
            </span>
          );
        })}
    </div>
  );
}
