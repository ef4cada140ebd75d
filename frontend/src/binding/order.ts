import { compareByIndex } from "../order/fractionalIndex";
import type { VersionedElement } from "./types";

/**
 * Orders elements by fractional `index` (z-order), as Excalidraw's
 * `orderByFractionalIndex` does: plain string comparison of the keys, ties
 * broken by id so every client gets the same order. Elements without an
 * index keep their relative position after the indexed ones; Excalidraw
 * assigns them an index when the scene is replaced.
 */
export function orderByIndex<T extends VersionedElement>(elements: readonly T[]): T[] {
  // Remote edits usually keep every element in place: an O(n) check saves the sort.
  if (isOrdered(elements)) return elements.slice();
  const indexed: T[] = [];
  const unindexed: T[] = [];
  for (const element of elements) {
    (element.index === null || element.index === undefined ? unindexed : indexed).push(element);
  }
  indexed.sort(compareByIndex);
  return indexed.concat(unindexed);
}

/** True when `elements` is already in the order orderByIndex would produce. */
function isOrdered(elements: readonly VersionedElement[]): boolean {
  let seenUnindexed = false;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    if (element.index === null || element.index === undefined) {
      seenUnindexed = true;
      continue;
    }
    if (seenUnindexed) return false;
    if (i > 0 && compareByIndex(elements[i - 1]!, element) > 0) return false;
  }
  return true;
}
