/**
 * The board as a list, the pure part: frames (in reading order) with the sticky notes in
 * them, each note with its text, author, votes and harvested state; what changed between
 * two readings (for the polite live region); and the new versions of a note's two elements
 * when its text is edited. No DOM, no Yjs: unit-tested in Node.
 */
import { pyStrip, wrapText } from "../text/wrap";
import { STICKY } from "../schema";
import { randomInteger, stickyNoteHeight } from "../sticky/stickyNote";
import { type MessageKey, t } from "../i18n";

export interface OutlineElement {
  id: string;
  type: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  isDeleted?: boolean;
  containerId?: string | null;
  frameId?: string | null;
  name?: string | null;
  text?: string;
  originalText?: string;
  version?: number;
  customData?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface OutlineNote {
  id: string;
  text: string;
  /** Empty when the note has none (or the board hides authors). */
  author: string;
  /** Votes shown on the note (revealed results), or null while none are shown. */
  votes: number | null;
  harvested: boolean;
}

export interface OutlineFrame {
  /** null: the notes outside every frame. */
  id: string | null;
  name: string;
  notes: OutlineNote[];
}

export const OUTSIDE_FRAMES: MessageKey = "frame.outside";

function readingOrder(a: OutlineElement, b: OutlineElement): number {
  return (a.y ?? 0) - (b.y ?? 0) || (a.x ?? 0) - (b.x ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isSticky(element: OutlineElement): boolean {
  return (element.customData?.indaba as { kind?: unknown } | undefined)?.kind === "sticky";
}

/**
 * Frames top to bottom, left to right, each with its notes in reading order, then the notes
 * outside frames (only when there are some). `results` are revealed vote counts (null while
 * hidden); `harvested` is the set of harvested element ids.
 */
export function boardOutline(elements: readonly OutlineElement[], results: Readonly<Record<string, number>> | null, harvested: ReadonlySet<string>): OutlineFrame[] {
  const live = elements.filter((e) => !e.isDeleted);
  const texts = new Map<string, string>();
  for (const e of live) if (e.type === "text" && e.containerId) texts.set(e.containerId, e.originalText ?? e.text ?? "");
  const frames = live.filter((e) => e.type === "frame").sort(readingOrder);
  const frameIds = new Set(frames.map((f) => f.id));
  const byFrame = new Map<string | null, OutlineNote[]>();
  for (const note of live.filter(isSticky).sort(readingOrder)) {
    const key = note.frameId && frameIds.has(note.frameId) ? note.frameId : null;
    const author = (note.customData?.indaba as { author?: unknown }).author;
    const list = byFrame.get(key) ?? [];
    list.push({
      id: note.id,
      text: texts.get(note.id) ?? "",
      author: typeof author === "string" ? author : "",
      votes: results ? (results[note.id] ?? 0) : null,
      harvested: harvested.has(note.id) || (key !== null && harvested.has(key)),
    });
    byFrame.set(key, list);
  }
  const outline: OutlineFrame[] = frames.map((f) => ({ id: f.id, name: f.name || t("frame.untitled"), notes: byFrame.get(f.id) ?? [] }));
  const outside = byFrame.get(null);
  if (outside) outline.push({ id: null, name: t(OUTSIDE_FRAMES), notes: outside });
  return outline;
}

/**
 * One sentence saying what changed on the board between two outlines ("2 notes added in
 * Ideas. 1 note changed."), or null when nothing a listener cares about changed. Called for
 * a batch of changes, never per keystroke.
 */
export function describeChanges(before: readonly OutlineFrame[], after: readonly OutlineFrame[]): string | null {
  const old = new Map(before.flatMap((f) => f.notes.map((n) => [n.id, { note: n, frame: f.name }] as const)));
  const now = new Map(after.flatMap((f) => f.notes.map((n) => [n.id, { note: n, frame: f.name }] as const)));
  const addedIn = new Map<string, number>();
  let changed = 0;
  let moved = 0;
  for (const [id, { note, frame }] of now) {
    const was = old.get(id);
    if (!was) addedIn.set(frame, (addedIn.get(frame) ?? 0) + 1);
    else if (was.note.text !== note.text) changed++;
    else if (was.frame !== frame) moved++;
  }
  const removed = [...old.keys()].filter((id) => !now.has(id)).length;
  const frames = after.filter((f) => f.id !== null).length - before.filter((f) => f.id !== null).length;
  const parts = [
    ...[...addedIn].map(([frame, n]) => t("changes.addedIn", { count: n, frame })),
    changed ? t("changes.changed", { count: changed }) : "",
    moved ? t("changes.moved", { count: moved }) : "",
    removed ? t("changes.removed", { count: removed }) : "",
    frames > 0 ? t("changes.framesAdded", { count: frames }) : "",
    frames < 0 ? t("changes.framesRemoved", { count: -frames }) : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : null;
}

/**
 * The note's rectangle and label with new text: the label re-wrapped like the one builder
 * does (sticky/stickyNote), the note as tall as its text needs, both with a new version so
 * every copy of the board takes them. Null when the note or its label is missing.
 */
export function editedNote(elements: readonly OutlineElement[], noteId: string, text: string, random: () => number = Math.random, now: number = Date.now()): [OutlineElement, OutlineElement] | null {
  const box = elements.find((e) => e.id === noteId && !e.isDeleted && isSticky(e));
  const label = elements.find((e) => e.type === "text" && e.containerId === noteId && !e.isDeleted);
  if (!box || !label) return null;
  const content = pyStrip(text);
  const wrapped = wrapText(content);
  const textHeight = wrapped.split("\n").length * STICKY.fontSize * STICKY.lineHeight;
  const height = stickyNoteHeight(content);
  const bump = (e: OutlineElement): Pick<OutlineElement, "version" | "versionNonce" | "updated"> => ({ version: Number(e.version ?? 1) + 1, versionNonce: randomInteger(random), updated: now });
  const newBox = { ...box, height, ...bump(box) };
  const newLabel = { ...label, text: wrapped, originalText: content, height: textHeight, y: (box.y ?? 0) + (height - textHeight) / 2, ...bump(label) };
  return [newBox, newLabel];
}
