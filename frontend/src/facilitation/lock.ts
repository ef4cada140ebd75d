/** Locks: which locked elements a participant's page must put back. */
export interface LockRecord {
  x: number;
  y: number;
  /** Who locked it (a display name); absent on locks made before names were recorded. */
  by?: string;
}

interface ElementLike {
  id: string;
  x: number;
  y: number;
  locked: boolean;
  isDeleted?: boolean;
}

/** Elements in `locks` that were moved or unlocked here, with the values to restore. */
export function lockViolations(elements: readonly ElementLike[], locks: Record<string, LockRecord>): { id: string; x: number; y: number }[] {
  const out: { id: string; x: number; y: number }[] = [];
  for (const element of elements) {
    const lock = locks[element.id];
    if (!lock || element.isDeleted) continue;
    if (!element.locked || Math.abs(element.x - lock.x) > 0.01 || Math.abs(element.y - lock.y) > 0.01) {
      out.push({ id: element.id, x: lock.x, y: lock.y });
    }
  }
  return out;
}

/** Where an element sat while it was in a locked frame. */
export interface Home {
  x: number;
  y: number;
  frameId: string;
}

interface MemberLike {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  frameId?: string | null;
  isDeleted?: boolean;
}

export interface FrameBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A locked frame keeps its notes: elements that were in a locked frame (their `homes`)
 * and now are not — dragged out and let go of the frame, or dragged off it while still
 * claimed by it (Excalidraw then clips them out of sight) — go back. Updates `homes` with
 * where the members are now. Returns the elements to put back, with their place and frame.
 */
export function leftLockedFrames(elements: readonly MemberLike[], lockedFrames: ReadonlyMap<string, FrameBox>, homes: Map<string, Home>): { id: string; x: number; y: number; frameId: string }[] {
  const back: { id: string; x: number; y: number; frameId: string }[] = [];
  for (const element of elements) {
    if (element.isDeleted) continue;
    const frame = element.frameId ? lockedFrames.get(element.frameId) : undefined;
    if (frame && element.frameId) {
      const cx = element.x + element.width / 2;
      const cy = element.y + element.height / 2;
      if (frame.x <= cx && cx <= frame.x + frame.width && frame.y <= cy && cy <= frame.y + frame.height) {
        homes.set(element.id, { x: element.x, y: element.y, frameId: element.frameId });
        continue;
      }
    }
    const home = homes.get(element.id);
    if (home && lockedFrames.has(home.frameId)) back.push({ id: element.id, ...home });
  }
  return back;
}
