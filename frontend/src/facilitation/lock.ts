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
  frameId?: string | null;
  isDeleted?: boolean;
}

/**
 * A locked frame keeps its notes: elements that were in a locked frame (their `homes`)
 * and now are not (dragged out) go back. Updates `homes` with where members are now.
 * Returns the elements to put back, with their place and frame.
 */
export function leftLockedFrames(elements: readonly MemberLike[], lockedFrames: ReadonlySet<string>, homes: Map<string, Home>): { id: string; x: number; y: number; frameId: string }[] {
  const back: { id: string; x: number; y: number; frameId: string }[] = [];
  for (const element of elements) {
    if (element.isDeleted) continue;
    if (element.frameId && lockedFrames.has(element.frameId)) {
      homes.set(element.id, { x: element.x, y: element.y, frameId: element.frameId });
      continue;
    }
    const home = homes.get(element.id);
    if (home && lockedFrames.has(home.frameId)) back.push({ id: element.id, ...home });
  }
  return back;
}
