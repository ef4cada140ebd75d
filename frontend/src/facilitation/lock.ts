/** Locks: which locked elements a participant's page must put back. */
export interface LockRecord {
  x: number;
  y: number;
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
