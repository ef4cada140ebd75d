import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { HistoryPanel } from "../history/HistoryPanel";
import { FacilitationApi } from "./api";
import { BrainstormPanel } from "./BrainstormPanel";
import type { ServerClock } from "./clock";
import type { FacilitationConfig } from "./config";
import { EngagementPanel, engagementOpen } from "./EngagementPanel";
import { FollowControls } from "./FollowControls";
import { HarvestPanel } from "./HarvestPanel";
import { useSignal } from "./hooks";
import { LockControls } from "./LockControls";
import { ReactionBar } from "./ReactionBar";
import { TimerPanel } from "./TimerPanel";
import { VotePanel } from "./VotePanel";
import "./facilitation.css";
import { t } from "../i18n";

/**
 * The workshop tools in a column beside the canvas (never over it): timer, reactions,
 * voting, brainstorm, view, knowledge harvest (editors), for facilitators lock and
 * engagement, and the board's history. A participant sees
 * only what applies now. Closed, the column takes no room at all; its sections stay
 * mounted so that notices about votes and brainstorms still appear.
 */
export function WorkshopPanel({ open, onClose, config, api, clock, doc, awareness, excalidraw, canEdit, noteColor }: {
  open: boolean;
  onClose: () => void;
  config: FacilitationConfig;
  api: FacilitationApi;
  clock: ServerClock;
  doc: Y.Doc;
  awareness: Awareness;
  excalidraw: ExcalidrawImperativeAPI | null;
  canEdit: boolean;
  noteColor: string;
}) {
  const [error, setError] = useState("");
  const onError = useCallback((message: string) => setError(message), []);
  const wide = useSignal(engagementOpen);
  const facilitate = config.canFacilitate;
  const historyApi = useMemo(() => new FacilitationApi(config.historyUrl, config.token), [config.historyUrl, config.token]);
  const knowledge = useMemo(() => (config.knowledgeUrl ? new FacilitationApi(config.knowledgeUrl, config.token) : null), [config.knowledgeUrl, config.token]);
  useEffect(() => {
    if (!error) return;
    const id = setTimeout(() => setError(""), 12_000);
    return () => clearTimeout(id);
  }, [error]);

  return (
    <aside id="indaba-workshop" className={`indaba-fac${wide ? " indaba-fac--wide" : ""}`} aria-label={t("workshop.tools")} hidden={!open} data-testid="workshop-panel">
      <div className="indaba-fac__head">
        <span className="indaba-fac__heading">{t("workshop.tools")}</span>
        <button type="button" className="indaba-button indaba-fac__close" aria-label={t("workshop.hideTools")} onClick={onClose}>
          {t("workshop.hide")}
        </button>
      </div>
      {error && (
        <p className="indaba-fac__error" role="alert" data-testid="workshop-error">
          {error}{" "}
          <button type="button" className="indaba-button" onClick={() => setError("")}>
            {t("workshop.dismiss")}
          </button>
        </p>
      )}
      <TimerPanel doc={doc} api={api} clock={clock} canFacilitate={facilitate} onError={onError} />
      <ReactionBar doc={doc} api={api} canReact={canEdit} onError={onError} />
      <VotePanel doc={doc} api={api} excalidraw={excalidraw} canFacilitate={facilitate} canVote={canEdit} onError={onError} />
      <BrainstormPanel doc={doc} api={api} canFacilitate={facilitate} canWrite={canEdit} color={noteColor} onError={onError} />
      <FollowControls doc={doc} api={api} excalidraw={excalidraw} awareness={awareness} participantId={config.participantId} canFacilitate={facilitate} onError={onError} />
      {knowledge && canEdit && <HarvestPanel doc={doc} api={knowledge} excalidraw={excalidraw} onError={onError} />}
      {facilitate && <LockControls doc={doc} api={api} excalidraw={excalidraw} onError={onError} />}
      {facilitate && <EngagementPanel api={api} onError={onError} />}
      <HistoryPanel api={historyApi} canFacilitate={facilitate} onError={onError} />
    </aside>
  );
}
