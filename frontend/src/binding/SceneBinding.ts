import type * as Y from "yjs";
import { changedElements, seenVersionOf } from "./diff";
import { inCanonicalOrder } from "./keyOrder";
import { LOCAL_ORIGIN } from "./origin";
import { orderByIndex } from "./order";
import { reconcile } from "./reconcile";
import type { SeenVersion, VersionedElement } from "./types";

/** The editor as the binding sees it (Excalidraw in the page, a fake in tests). */
export interface SceneAdapter<T extends VersionedElement> {
  /** All scene elements, deleted ones included. */
  getElements(): readonly T[];
  /** Elements the local user is editing right now; remote values wait. */
  getEditingIds(): ReadonlySet<string>;
  /** Replace the scene without recording an undo step. */
  replaceElements(elements: T[]): void;
  /**
   * Make values from the document safe for the editor (fill missing fields, drop what
   * cannot be drawn): a malformed value written by one client must not break the others.
   */
  normalize?(elements: T[]): T[];
}

export interface SceneBindingOptions {
  /** Viewers never write to the document. */
  canWrite: boolean;
  /** Local changes are written at most this often (leading and trailing edge). */
  flushIntervalMs?: number;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 50;

/** The least a document value must be for the binding to compare it at all. */
const isElementLike = (value: unknown): value is VersionedElement =>
  typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";

/** A deep copy, so the editor can never mutate values the document holds. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Deep copies in one key order (see keyOrder.ts). The order is set before the copy:
 * JSON.parse builds objects with fast properties, which the editor's per-element loops
 * need; an object filled key by key (as the reordering does) is left in the engine's
 * slow dictionary mode. All values go through one JSON round trip: on a board's first
 * sync (every element at once) that is about a quarter cheaper than one per element.
 */
const editorCopies = <T extends object>(values: T[]): T[] => copy(values.map(inCanonicalOrder));

/**
 * Binds an editor scene to the `elements` Y.Map of the board document:
 * one plain JSON value per element id.
 *
 * - Local: `onLocalChange()` → (throttled) diff by version against what the
 *   document holds → one transaction with only the changed elements.
 * - Remote: map changes from other origins are reconciled (higher version
 *   wins, tie → lower nonce), ordered by fractional index, and handed to the
 *   editor as a non-undoable scene replacement. Where the local element wins
 *   against the document's value, it is written back so the document
 *   converges on the winner.
 */
export class SceneBinding<T extends VersionedElement> {
  private readonly seen = new Map<string, SeenVersion>();
  private readonly flushIntervalMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = -Infinity;
  private destroyed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly map: Y.Map<T>,
    private readonly scene: SceneAdapter<T>,
    private readonly options: SceneBindingOptions,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.map.observe(this.onMapChange);
    if (this.map.size > 0) this.applyRemote(new Set(this.map.keys()));
  }

  /** Call on every editor change; cheap when nothing changed. */
  onLocalChange = (): void => {
    if (!this.options.canWrite || this.destroyed || this.timer !== null) return;
    const wait = this.lastFlush + this.flushIntervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  };

  /** Writes every element whose version differs from the document's. Returns how many. */
  flush(): number {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlush = Date.now();
    if (!this.options.canWrite || this.destroyed) return 0;
    const changed = changedElements(this.scene.getElements(), this.seen);
    if (changed.length === 0) return 0;
    this.doc.transact(() => {
      for (const element of changed) {
        this.map.set(element.id, copy(element));
        this.seen.set(element.id, seenVersionOf(element));
      }
    }, LOCAL_ORIGIN);
    return changed.length;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.map.unobserve(this.onMapChange);
  }

  private readonly onMapChange = (event: Y.YMapEvent<T>, transaction: Y.Transaction): void => {
    if (transaction.origin === LOCAL_ORIGIN) return;
    this.applyRemote(event.keysChanged);
  };

  private applyRemote(keys: Set<string>): void {
    const values: T[] = [];
    const removed = new Set<string>();
    for (const key of keys) {
      const value = this.map.get(key);
      if (value === undefined) {
        removed.add(key);
        this.seen.delete(key);
      } else if (isElementLike(value)) {
        values.push(value);
        this.seen.set(key, seenVersionOf(value));
      }
    }
    const remote = editorCopies(values);
    const incoming = this.scene.normalize ? this.scene.normalize(remote) : remote;
    const local = this.scene.getElements();
    const result = reconcile(local, incoming, this.scene.getEditingIds(), removed);
    if (result.applied.length > 0 || removed.size > 0) {
      this.scene.replaceElements(orderByIndex(result.elements));
    }
    if (result.keptLocal.length > 0) this.onLocalChange();
  }
}
