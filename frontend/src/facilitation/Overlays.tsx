import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type * as Y from "yjs";
import { Announcer } from "./Announcer";
import { HarvestBadges } from "./HarvestBadges";
import type { ServerClock } from "./clock";
import { useLockGuard } from "./LockControls";
import { LockBadges } from "./LockBadges";
import { NoticeStack } from "./NoticeStack";
import { ReactionFloaters } from "./ReactionBar";
import { VoteBadges } from "./VoteBadges";

/** What the workshop draws over the canvas: vote counts and lock signs on the elements,
 * notices, floating reactions, and the screen-reader announcer. Participants' pages also
 * keep locks here. */
export function FacilitationOverlays({ doc, excalidraw, clock, facilitator }: {
  doc: Y.Doc;
  excalidraw: ExcalidrawImperativeAPI | null;
  clock: ServerClock;
  facilitator: boolean;
}) {
  useLockGuard(doc, excalidraw, !facilitator);
  return (
    <>
      <VoteBadges doc={doc} excalidraw={excalidraw} />
      <HarvestBadges doc={doc} excalidraw={excalidraw} />
      <LockBadges doc={doc} excalidraw={excalidraw} facilitator={facilitator} />
      <NoticeStack />
      <ReactionFloaters doc={doc} clock={clock} />
      <Announcer />
    </>
  );
}
