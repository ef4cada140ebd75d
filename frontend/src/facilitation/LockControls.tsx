import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect } from "react";
import type * as Y from "yjs";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { type LockRecord, lockViolations } from "./lock";

/** Facilitator: lock / unlock the selected frames and headings. */
export function LockControls({ api, excalidraw, onError }: { api: FacilitationApi; excalidraw: ExcalidrawImperativeAPI | null; onError: (message: string) => void }) {
  const send = (locked: boolean): void => {
    if (!excalidraw) return;
    const ids = Object.keys(excalidraw.getAppState().selectedElementIds);
    if (ids.length === 0) {
      onError("Select the frames or headings to lock first.");
      return;
    }
    api
      .post<{ changed: string[] }>("lock", { elementIds: ids, locked })
      .then((r) => announce(`${r.changed.length} element${r.changed.length === 1 ? "" : "s"} ${locked ? "locked" : "unlocked"}.`))
      .catch((e: Error) => onError(e.message));
  };
  return (
    <section className="indaba-fac-section" aria-labelledby="indaba-lock-title">
      <h2 id="indaba-lock-title" className="indaba-fac-title">Lock</h2>
      <div className="indaba-fac-controls" role="group" aria-label="Lock controls">
        <button type="button" className="indaba-button" onClick={() => send(true)}>
          Lock selected
        </button>
        <button type="button" className="indaba-button" onClick={() => send(false)}>
          Unlock selected
        </button>
      </div>
    </section>
  );
}

/** Participant pages put a locked element back where the lock holds it (and keep it locked). */
export function useLockGuard(doc: Y.Doc, excalidraw: ExcalidrawImperativeAPI | null, enabled: boolean): void {
  useEffect(() => {
    if (!excalidraw || !enabled) return;
    const locks = doc.getMap<LockRecord>("locks");
    const check = (): void => {
      if (locks.size === 0) return;
      const elements = excalidraw.getSceneElementsIncludingDeleted();
      const fixes = lockViolations(elements, locks.toJSON() as Record<string, LockRecord>);
      if (fixes.length === 0) return;
      const byId = new Map(fixes.map((f) => [f.id, f]));
      excalidraw.updateScene({
        elements: elements.map((e) => {
          const fix = byId.get(e.id);
          return fix ? { ...e, x: fix.x, y: fix.y, locked: true, version: e.version + 1, versionNonce: Math.floor(Math.random() * 2 ** 31) } : e;
        }),
        captureUpdate: CaptureUpdateAction.NEVER,
      });
    };
    const off = excalidraw.onChange(() => queueMicrotask(check));
    locks.observe(check);
    return () => {
      off();
      locks.unobserve(check);
    };
  }, [doc, excalidraw, enabled]);
}
