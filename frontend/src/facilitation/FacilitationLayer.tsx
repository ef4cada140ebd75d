import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useMemo, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { FacilitationApi } from "./api";
import { Announcer } from "./Announcer";
import { BrainstormPanel } from "./BrainstormPanel";
import { ServerClock } from "./clock";
import type { FacilitationConfig } from "./config";
import { EngagementPanel } from "./EngagementPanel";
import { FollowControls } from "./FollowControls";
import { LockControls, useLockGuard } from "./LockControls";
import { ReactionBar } from "./ReactionBar";
import { TimerPanel } from "./TimerPanel";
import { VoteBadges } from "./VoteBadges";
import { VotePanel } from "./VotePanel";
import "./facilitation.css";

/** The workshop tools beside the canvas: timer, voting, brainstorm, reactions, view, lock, engagement. */
export function FacilitationLayer({ config, doc, awareness, excalidraw, canEdit }: {
  config: FacilitationConfig;
  doc: Y.Doc;
  awareness: Awareness;
  excalidraw: ExcalidrawImperativeAPI | null;
  canEdit: boolean;
}) {
  const api = useMemo(() => new FacilitationApi(config.facilitationUrl, config.token), [config.facilitationUrl, config.token]);
  const clock = useMemo(() => new ServerClock(config.serverNow), [config.serverNow]);
  const [open, setOpen] = useState(true);
  const [error, setError] = useState("");
  const onError = useCallback((message: string) => setError(message), []);
  const facilitate = config.canFacilitate;
  useLockGuard(doc, excalidraw, !facilitate);

  return (
    <>
    <VoteBadges doc={doc} excalidraw={excalidraw} />
    <aside className={`indaba-fac${open ? "" : " indaba-fac--closed"}`} aria-label="Workshop tools">
      <button type="button" className="indaba-button indaba-fac__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Hide workshop tools" : "Workshop tools"}
      </button>
      <Announcer />
      {error && (
        <p className="indaba-fac__error" role="alert">
          {error}{" "}
          <button type="button" className="indaba-button" onClick={() => setError("")}>
            Dismiss
          </button>
        </p>
      )}
      <div className="indaba-fac__body" hidden={!open}>
        <TimerPanel doc={doc} api={api} clock={clock} canFacilitate={facilitate} onError={onError} />
        <ReactionBar doc={doc} api={api} clock={clock} canReact={canEdit} onError={onError} />
        <VotePanel doc={doc} api={api} excalidraw={excalidraw} canFacilitate={facilitate} canVote={canEdit} onError={onError} />
        <BrainstormPanel doc={doc} api={api} canFacilitate={facilitate} canWrite={canEdit} onError={onError} />
        <FollowControls doc={doc} api={api} excalidraw={excalidraw} awareness={awareness} participantId={config.participantId} canFacilitate={facilitate} onError={onError} />
        {facilitate && <LockControls api={api} excalidraw={excalidraw} onError={onError} />}
        {facilitate && <EngagementPanel api={api} onError={onError} />}
      </div>
    </aside>
    </>
  );
}
