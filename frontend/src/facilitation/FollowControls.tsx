import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useRef, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { clampZoom, sameView, scrollFor, type View, viewOf } from "./follow";
import { useYMap } from "./hooks";
import { tell } from "./notices";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { ROOTS } from "../schema";
import { t } from "../i18n";

function goTo(api: ExcalidrawImperativeAPI, view: View): void {
  const state = api.getAppState();
  const zoom = clampZoom(view.zoom);
  api.updateScene({ appState: { ...scrollFor({ ...view, zoom }, state.width, state.height), zoom: { value: zoom as never } } });
}

/**
 * Follow me / bring everyone here (facilitator), and following with a way out (everyone;
 * participants see this section only while someone leads). The facilitator's page
 * publishes its view in the awareness (`indabaView: {cx, cy, zoom, id}`); followers align
 * their centre on it.
 */
export function FollowControls({ doc, api, excalidraw, awareness, participantId, canFacilitate, onError }: {
  doc: Y.Doc;
  api: FacilitationApi;
  excalidraw: ExcalidrawImperativeAPI | null;
  awareness: Awareness;
  participantId: string;
  canFacilitate: boolean;
  onError: (message: string) => void;
}) {
  const fac = useYMap(doc, ROOTS.facilitation);
  const follow = fac.follow as { on?: boolean; leaderId?: string; leaderName?: string; at?: number } | undefined;
  const summon = fac.summon as { x?: number; y?: number; zoom?: number; nonce?: string; by?: string } | undefined;
  const [steppedOut, setSteppedOut] = useState<number | null>(null);
  const leading = follow?.on === true && follow.leaderId === participantId;
  const following = follow?.on === true && !leading && steppedOut !== follow.at;
  const seenSummon = useRef<string | null | undefined>(undefined);
  const [open, toggle] = useSectionOpen("view", true);

  // Publish this page's view (throttled): followers align their centre on it.
  useEffect(() => {
    if (!excalidraw || !canFacilitate) return;
    let last: View | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = (): void => {
      timer = null;
      const view = viewOf(excalidraw.getAppState());
      // The presence code may replace the whole local state: publish again when it did.
      const published = (awareness.getLocalState() as { indabaView?: unknown } | null)?.indabaView;
      if (!sameView(last, view) || !published) {
        last = view;
        awareness.setLocalStateField("indabaView", { ...view, id: participantId });
      }
    };
    publish();
    const off = excalidraw.onChange(() => {
      if (timer === null) timer = setTimeout(publish, 100);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [excalidraw, awareness, canFacilitate, participantId]);

  // Follow the leader while following.
  useEffect(() => {
    if (!excalidraw || !following || !follow?.leaderId) return;
    const leaderId = follow.leaderId;
    let applied: View | null = null;
    const apply = (): void => {
      for (const state of awareness.getStates().values()) {
        const published = (state as { indabaView?: View & { id?: string } }).indabaView;
        const view = published?.id === leaderId ? published : undefined;
        if (view && !sameView(applied, view)) {
          applied = view;
          goTo(excalidraw, view);
        }
      }
    };
    apply();
    awareness.on("change", apply);
    return () => awareness.off("change", apply);
  }, [excalidraw, awareness, following, follow?.leaderId]);

  const knownFollow = useRef<number | undefined | null>(null);
  useEffect(() => {
    const first = knownFollow.current === null;
    knownFollow.current = follow?.at;
    if (follow?.on && !leading && follow.at !== undefined) {
      const text = t("follow.leading", { who: follow.leaderName ?? t("follow.facilitator") });
      if (first) announce(text);
      else tell(text, true);
    }
  }, [follow?.on, follow?.at, follow?.leaderName, leading]);

  // Bring everyone here: act once on each new summon (not on one older than this page).
  useEffect(() => {
    const nonce = summon?.nonce ?? null;
    if (seenSummon.current === undefined) {
      seenSummon.current = nonce;
      return;
    }
    if (!excalidraw || !nonce || nonce === seenSummon.current) return;
    seenSummon.current = nonce;
    goTo(excalidraw, { cx: summon?.x ?? 0, cy: summon?.y ?? 0, zoom: summon?.zoom ?? 1 });
    tell(t("follow.summoned", { who: summon?.by ?? t("follow.facilitator") }), !canFacilitate);
  }, [excalidraw, summon?.nonce, summon?.x, summon?.y, summon?.zoom, summon?.by, canFacilitate]);

  const post = (name: string, body: Record<string, unknown>): void => {
    api.post(name, body).catch((e: Error) => onError(e.message));
  };

  if (!canFacilitate && !follow?.on) return null;
  return (
    <PanelSection id="view" title={t("follow.title")} status={following ? t("follow.statusFollowing") : leading ? t("follow.statusLeading") : undefined} open={open || following} onToggle={toggle}>
      {following && (
        <p className="indaba-follow__banner" data-testid="following">
          {t("follow.following", { who: follow?.leaderName ?? t("follow.theFacilitator") })}{" "}
          <button type="button" className="indaba-button" onClick={() => setSteppedOut(follow?.at ?? 0)}>
            {t("follow.stop")}
          </button>
        </p>
      )}
      {follow?.on && !leading && !following && (
        <p>
          {t("follow.notFollowing", { who: follow.leaderName ?? t("follow.theFacilitator") })}{" "}
          <button type="button" className="indaba-button" onClick={() => setSteppedOut(null)}>
            {t("follow.again")}
          </button>
        </p>
      )}
      {canFacilitate && excalidraw && (
        <div className="indaba-fac-controls" role="group" aria-label={t("follow.controls")}>
          <button
            type="button"
            className="indaba-button"
            onClick={() => {
              const view = viewOf(excalidraw.getAppState());
              post("summon", { x: view.cx, y: view.cy, zoom: view.zoom });
            }}
          >
            {t("follow.summon")}
          </button>
          <button type="button" className="indaba-button" aria-pressed={leading} onClick={() => post("follow", { on: !leading })}>
            {leading ? t("follow.stopFollowMe") : t("follow.followMe")}
          </button>
        </div>
      )}
    </PanelSection>
  );
}
