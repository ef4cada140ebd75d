import type { Awareness } from "y-protocols/awareness";
import { throttle } from "./throttle";
import { IDLE_AFTER_MS, POINTER_THROTTLE_MS, type PresenceState } from "./types";

/** Publishes this client's presence into the awareness, throttled, with idle detection. */
export class LocalPresence {
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private selectionKey = "";
  private readonly publishPointer = throttle((pointer: NonNullable<PresenceState["pointer"]>) => {
    this.awareness.setLocalStateField("pointer", pointer);
  }, POINTER_THROTTLE_MS);
  private readonly publishViewport = throttle((viewport: NonNullable<PresenceState["viewport"]>) => {
    this.awareness.setLocalStateField("viewport", viewport);
  }, 250);

  constructor(
    private readonly awareness: Awareness,
    user: PresenceState["user"],
  ) {
    const initial: PresenceState = { user, selectedElementIds: {}, idle: false };
    // Merge, never replace: other modules (follow-me, facilitation) keep their own fields.
    awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), ...initial });
    this.armIdleTimer();
  }

  pointerMoved(x: number, y: number, tool: "pointer" | "laser"): void {
    this.setIdle(false);
    this.armIdleTimer();
    this.publishPointer({ x, y, tool });
  }

  selectionChanged(selected: Readonly<Record<string, boolean>>): void {
    const ids = Object.keys(selected).filter((id) => selected[id]).sort();
    const key = ids.join(",");
    if (key === this.selectionKey) return;
    this.selectionKey = key;
    this.awareness.setLocalStateField("selectedElementIds", Object.fromEntries(ids.map((id) => [id, true])));
  }

  viewportChanged(scrollX: number, scrollY: number, zoom: number): void {
    this.publishViewport({ scrollX, scrollY, zoom });
  }

  /** The tab was hidden or shown. */
  visibilityChanged(hidden: boolean): void {
    if (hidden) this.setIdle(true);
    else {
      this.setIdle(false);
      this.armIdleTimer();
    }
  }

  destroy(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.publishPointer.cancel();
    this.publishViewport.cancel();
  }

  private setIdle(idle: boolean): void {
    const current = (this.awareness.getLocalState() as PresenceState | null)?.idle === true;
    if (current !== idle) this.awareness.setLocalStateField("idle", idle);
  }

  private armIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.setIdle(true), IDLE_AFTER_MS);
  }
}
