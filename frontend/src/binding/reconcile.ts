import type { VersionedElement } from "./types";

/**
 * Conflict rule shared with Excalidraw's `data/reconcile.ts`: the higher
 * `version` wins; on a tie the lower `versionNonce` wins. Returns true when
 * `remote` should replace `local`.
 */
export function remoteWins(local: VersionedElement, remote: VersionedElement): boolean {
  if (remote.version !== local.version) return remote.version > local.version;
  return remote.versionNonce < local.versionNonce;
}

export interface ReconcileResult<T> {
  /** The merged scene, unordered (local order with remote additions appended). */
  elements: T[];
  /** Ids where the remote value replaced or added an element. */
  applied: string[];
  /** Ids where the local element beat the document's value (it must be written back). */
  keptLocal: string[];
}

/**
 * Merges remote element values into the local scene.
 *
 * @param local current scene elements, including deleted ones
 * @param remote document values of the keys that changed remotely
 * @param editingIds local elements being edited right now (text editing,
 *   resizing, a new element being drawn): remote values never interrupt them
 * @param removedIds keys removed from the document: dropped from the scene
 */
export function reconcile<T extends VersionedElement>(
  local: readonly T[],
  remote: readonly T[],
  editingIds: ReadonlySet<string> = new Set(),
  removedIds: ReadonlySet<string> = new Set(),
): ReconcileResult<T> {
  const incoming = new Map<string, T>();
  for (const element of remote) incoming.set(element.id, element);

  const applied: string[] = [];
  const keptLocal: string[] = [];
  const elements: T[] = [];
  for (const element of local) {
    if (removedIds.has(element.id)) continue;
    const other = incoming.get(element.id);
    if (other === undefined) {
      elements.push(element);
      continue;
    }
    incoming.delete(element.id);
    if (!editingIds.has(element.id) && remoteWins(element, other)) {
      elements.push(other);
      applied.push(other.id);
    } else {
      elements.push(element);
      if (other.version !== element.version || other.versionNonce !== element.versionNonce) {
        keptLocal.push(element.id);
      }
    }
  }
  for (const element of incoming.values()) {
    elements.push(element);
    applied.push(element.id);
  }
  return { elements, applied, keptLocal };
}
