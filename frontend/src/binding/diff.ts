import type { SeenVersion, VersionedElement } from "./types";

/**
 * The elements whose version differs from what the document was last seen
 * to hold. Excalidraw bumps `version` (and re-rolls `versionNonce`) on every
 * mutation, so a drag of one element yields exactly that one element.
 */
export function changedElements<T extends VersionedElement>(
  elements: readonly T[],
  seen: ReadonlyMap<string, SeenVersion>,
): T[] {
  const changed: T[] = [];
  for (const element of elements) {
    const last = seen.get(element.id);
    if (!last || last.version !== element.version || last.versionNonce !== element.versionNonce) {
      changed.push(element);
    }
  }
  return changed;
}

export const seenVersionOf = (element: VersionedElement): SeenVersion => ({
  version: element.version,
  versionNonce: element.versionNonce,
});
