import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";
import { LOCAL_ORIGIN } from "../binding/origin";
import { t } from "../i18n";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { useYMap } from "./hooks";
import { type Home, leftLockedFrames, type LockRecord, lockViolations } from "./lock";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { ROOTS } from "../schema";

/** Facilitator: lock / unlock the selected frames and headings. */
export function LockControls({ doc, api, excalidraw, onError }: { doc: Y.Doc; api: FacilitationApi; excalidraw: ExcalidrawImperativeAPI | null; onError: (message: string) => void }) {
  const [open, toggle] = useSectionOpen("lock", false);
  const locked = Object.keys(useYMap(doc, ROOTS.locks)).length;
  const send = (locked: boolean): void => {
    if (!excalidraw) return;
    const ids = Object.keys(excalidraw.getAppState().selectedElementIds);
    if (ids.length === 0) {
      onError(t(locked ? "lock.selectToLock" : "lock.selectToUnlock"));
      return;
    }
    api
      .post<{ changed: string[] }>("lock", { elementIds: ids, locked })
      .then((r) => announce(t(locked ? "lock.lockedCount" : "lock.unlockedCount", { count: r.changed.length })))
      .catch((e: Error) => onError(e.message));
  };
  return (
    <PanelSection id="lock" title={t("lock.title")} status={locked > 0 ? t("lock.status", { count: locked }) : undefined} open={open} onToggle={toggle}>
      <p className="indaba-fac-hint">{t("lock.hint")}</p>
      <div className="indaba-fac-controls" role="group" aria-label={t("lock.controls")}>
        <button type="button" className="indaba-button" onClick={() => send(true)}>
          {t("lock.selected")}
        </button>
        <button type="button" className="indaba-button" onClick={() => send(false)}>
          {t("lock.unlockSelected")}
        </button>
      </div>
    </PanelSection>
  );
}

/**
 * Participant pages keep locks: a locked element moved or unlocked here goes back where
 * the lock holds it, and a note dragged out of a locked frame goes back into it. What
 * others change (the facilitator moving a note) is accepted as the note's new place.
 */
export function useLockGuard(doc: Y.Doc, excalidraw: ExcalidrawImperativeAPI | null, enabled: boolean): void {
  const homes = useRef(new Map<string, Home>());
  useEffect(() => {
    if (!excalidraw || !enabled) return;
    const locks = doc.getMap<LockRecord>(ROOTS.locks);
    const elementsMap = doc.getMap(ROOTS.elements);
    const check = (): void => {
      // Judge a drag when it is dropped (pointer up): its start is the place to go back to.
      if (locks.size === 0 || excalidraw.getAppState().cursorButton === "down") return;
      const elements = excalidraw.getSceneElementsIncludingDeleted();
      const lockMap = locks.toJSON() as Record<string, LockRecord>;
      const lockedFrames = new Map(elements.filter((e) => e.type === "frame" && lockMap[e.id] && !e.isDeleted).map((e) => [e.id, e]));
      const fixes = new Map<string, Partial<{ x: number; y: number; frameId: string }>>();
      for (const fix of lockViolations(elements, lockMap)) fixes.set(fix.id, { x: fix.x, y: fix.y });
      for (const fix of leftLockedFrames(elements, lockedFrames, homes.current)) fixes.set(fix.id, fix);
      if (fixes.size === 0) return;
      excalidraw.updateScene({
        elements: elements.map((e) => {
          const fix = fixes.get(e.id);
          if (!fix) return e;
          return { ...e, ...fix, locked: lockMap[e.id] ? true : e.locked, version: e.version + 1, versionNonce: Math.floor(Math.random() * 2 ** 31) };
        }),
        captureUpdate: CaptureUpdateAction.NEVER,
      });
    };
    // Someone else moved it: that is its new place, not a drag out to undo.
    const onRemote = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      for (const key of event.keysChanged) homes.current.delete(key);
    };
    const off = excalidraw.onChange(() => queueMicrotask(check));
    locks.observe(check);
    elementsMap.observe(onRemote);
    return () => {
      off();
      locks.unobserve(check);
      elementsMap.unobserve(onRemote);
    };
  }, [doc, excalidraw, enabled]);
}
