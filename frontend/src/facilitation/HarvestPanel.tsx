import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useState } from "react";
import type * as Y from "yjs";
import { ROOTS } from "../schema";
import { t } from "../i18n";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { type HarvestResult, harvestTargets, readHarvest } from "./harvest";
import { useYMap } from "./hooks";
import { PanelSection, useSectionOpen } from "./PanelSection";

/**
 * Facilitators and members: turn the selected notes, or a frame, into a draft for the
 * knowledge base, where it is completed and sent for peer review. The draft keeps the
 * notes' text, votes and where their authors were (in the room or online).
 */
export function HarvestPanel({ doc, api, excalidraw, onError }: {
  doc: Y.Doc;
  /** Calls under `/boards/<id>/knowledge`. */
  api: FacilitationApi;
  excalidraw: ExcalidrawImperativeAPI | null;
  onError: (message: string) => void;
}) {
  const [open, toggle] = useSectionOpen("harvest", false);
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<HarvestResult | null>(null);
  const harvested = Object.keys(readHarvest(useYMap(doc, ROOTS.harvest))).length;

  const harvest = (): void => {
    if (!excalidraw || busy) return;
    const ids = harvestTargets(
      excalidraw.getSceneElements() as unknown as Parameters<typeof harvestTargets>[0],
      excalidraw.getAppState().selectedElementIds,
    );
    if (ids.length === 0) {
      onError(t("harvest.selectFirst"));
      return;
    }
    setBusy(true);
    api
      .post<HarvestResult>("harvest", { elementIds: ids, ...(title.trim() ? { title: title.trim() } : {}) })
      .then((result) => {
        setMade(result);
        setTitle("");
        announce(t("harvest.madeFrom", { count: ids.length }));
      })
      .catch((e: Error) => onError(e.message))
      .finally(() => setBusy(false));
  };

  return (
    <PanelSection id="harvest" title={t("harvest.title")} status={harvested > 0 ? t("harvest.status", { count: harvested }) : undefined} open={open} onToggle={toggle}>
      <p className="indaba-fac-hint">{t("harvest.boardIntro")}</p>
      <label className="indaba-fac-field">
        {t("harvest.titleOptional")}
        <input type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} data-testid="harvest-title" />
      </label>
      <div className="indaba-fac-controls">
        <button type="button" className="indaba-button" onClick={harvest} disabled={busy} data-testid="harvest-selected">
          {busy ? t("harvest.busy") : t("harvest.selected")}
        </button>
      </div>
      {made && (
        <p className="indaba-fac-hint" role="status" data-testid="harvest-made">
          {t("harvest.draftMade")}{" "}
          <a href={made.url} target="_blank" rel="noopener">
            {t("harvest.open")}
          </a>
        </p>
      )}
    </PanelSection>
  );
}
