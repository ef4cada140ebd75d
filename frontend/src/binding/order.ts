import type { VersionedElement } from "./types";

/**
 * Orders elements by fractional `index` (z-order), as Excalidraw's
 * `orderByFractionalIndex` does: plain string comparison of the keys, ties
 * broken by id so every client gets the same order. Elements without an
 * index keep their relative position after the indexed ones; Excalidraw
 * assigns them an index when the scene is replaced.
 */
export function orderByIndex<T extends VersionedElement>(elements: readonly T[]): T[] {
  const indexed: T[] = [];
  const unindexed: T[] = [];
  for (const element of elements) {
    (element.index === null || element.index === undefined ? unindexed : indexed).push(element);
  }
  indexed.sort((a, b) => {
    const ai = a.index as string;
    const bi = b.index as string;
    if (ai < bi) return -1;
    if (ai > bi) return 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return indexed.concat(unindexed);
}
