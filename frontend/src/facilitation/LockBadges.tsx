import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";
import { useElements, useYMap } from "./hooks";
import type { LockRecord } from "./lock";
import { tell } from "./notices";
import { toViewport, useSceneView } from "./sceneView";
import { ROOTS } from "../schema";
import { locale, t } from "../i18n";

interface Lockable {
  id: string;
  type: string;
  x: number;
  y: number;
  width: number;
  name?: string | null;
  text?: string;
  isDeleted?: boolean;
}

function describe(element: Lockable | undefined): string {
  if (!element) return t("lock.anElement");
  if (element.type === "frame") return t("lock.theFrame", { name: element.name || t("frame.untitled") });
  if (element.type === "text" && element.text) return t("lock.theText", { text: element.text.slice(0, 40) });
  return t("lock.aShape");
}

function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase(locale()) + text.slice(1);
}

/** A lock sign on every locked frame or heading, and a notice when something is locked or
 * unlocked, so nobody wonders why a frame will not move. */
export function LockBadges({ doc, excalidraw, facilitator }: { doc: Y.Doc; excalidraw: ExcalidrawImperativeAPI | null; facilitator: boolean }) {
  const locks = useYMap(doc, ROOTS.locks) as Record<string, LockRecord>;
  const ids = Object.keys(locks);
  const elements = useElements(doc, true) as unknown as Lockable[];
  const byId = new Map(elements.map((e) => [e.id, e]));
  const view = useSceneView(excalidraw, ids.length > 0);
  const known = useRef<Set<string> | null>(null);
  const loaded = byId.size > 0;
  const wasLoaded = useRef(false);

  useEffect(() => {
    const now = new Set(Object.keys(locks));
    const before = known.current;
    known.current = now;
    const news = before !== null && wasLoaded.current;
    wasLoaded.current = loaded;
    // Locks that came with the board itself (before its elements were known here) are the
    // state at load, not news; once the board is here every change of the locks is.
    if (!news || before === null) return;
    for (const id of now) {
      if (before.has(id)) continue;
      const who = locks[id]?.by || t("follow.facilitator");
      const what = describe(byId.get(id));
      tell(t(facilitator ? "lock.locked" : "lock.lockedExplain", { who, what }), !facilitator);
    }
    for (const id of before) {
      if (!now.has(id)) tell(capitalized(t("lock.unlocked", { what: describe(byId.get(id)) })), !facilitator);
    }
    // Only the locks themselves are news (byId changes with every element edit); `loaded`
    // flips once, when the board's elements first arrive.
  }, [locks, facilitator, loaded]);

  if (!view || ids.length === 0) return null;
  return (
    <div className="indaba-lock-badges">
      {ids.map((id) => {
        const element = byId.get(id);
        if (!element || element.isDeleted) return null;
        const at = toViewport(view, element.x + element.width, element.y);
        return (
          <span key={id} className="indaba-lock-badge" data-testid="lock-badge" title={t("lock.badgeTitle", { what: describe(element) })} style={{ left: at.left, top: at.top }}>
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
              <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z" fill="currentColor" />
            </svg>
            <span>{t("lock.badge")}</span>
          </span>
        );
      })}
    </div>
  );
}
