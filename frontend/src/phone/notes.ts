/**
 * The phone page's pure logic: a sticky note built by the one builder (sticky/stickyNote,
 * without Excalidraw), placed inside a frame without overlapping what is there, ordered
 * after the last element. No DOM, no Yjs: unit-tested in Node.
 */
import { FRAME_MARGIN, frameOf, heightToHold } from "../frames/membership";
import { lastIndex } from "../order/fractionalIndex";
import { STICKY } from "../schema";
import { randomInteger, stickyNote, stickyNoteHeight } from "../sticky/stickyNote";
import { t } from "../i18n";

/** A note's width (the board schema's), the same on the board and here. */
export const NOTE_SIZE = STICKY.width;
/** Space kept between notes (the demo's notes sit 10 px apart). */
const GAP = STICKY.gap;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the phone reads of an element in the `elements` map. */
export interface DocElement extends Box {
  id: string;
  type: string;
  index?: string | null;
  isDeleted?: boolean;
  containerId?: string | null;
  frameId?: string | null;
  name?: string | null;
  [key: string]: unknown;
}

// -- placement ------------------------------------------------------------------------------

export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function live(elements: readonly DocElement[]): DocElement[] {
  return elements.filter((e) => !e.isDeleted && Number.isFinite(e.x) && Number.isFinite(e.y));
}

/**
 * Where a new note of `size` goes. In `frame`: the highest, then leftmost, free spot
 * inside the frame — candidates are the frame's top left and the right and bottom edges
 * of what is already there (plus a gap), so notes pack like the demo's, nothing is
 * overlapped; in a full frame, a new row under what is there (the frame grows to hold
 * it: `buildNote` returns the taller frame). Without a frame: the first free
 * slot of rows below the top left of the content, avoiding every element and every
 * frame's area (a note outside frames must not look as if it were in one).
 */
export function placeNote(elements: readonly DocElement[], frame: DocElement | null, size: { width: number; height: number } = { width: NOTE_SIZE, height: NOTE_SIZE }): { x: number; y: number } {
  const present = live(elements);
  if (frame) {
    const obstacles = present.filter((e) => e.id !== frame.id && e.type !== "frame" && !e.containerId && overlaps(e, frame));
    const xs = [frame.x + FRAME_MARGIN, ...obstacles.map((o) => o.x + o.width + GAP)];
    const ys = [frame.y + FRAME_MARGIN, ...obstacles.map((o) => o.y + o.height + GAP)];
    const right = frame.x + frame.width - GAP;
    const bottom = frame.y + frame.height - GAP;
    const candidates = ys
      .flatMap((y) => xs.map((x) => ({ x, y })))
      .filter((c) => c.x >= frame.x + GAP && c.y >= frame.y + GAP && c.x + size.width <= right && c.y + size.height <= bottom)
      .sort((a, b) => a.y - b.y || a.x - b.x);
    const free = candidates.find((c) => !obstacles.some((o) => overlaps({ ...c, ...size }, o, GAP)));
    if (free) return free;
    const lowest = Math.max(frame.y + FRAME_MARGIN - GAP, ...obstacles.map((o) => o.y + o.height));
    return { x: frame.x + FRAME_MARGIN, y: lowest + GAP };
  }
  const step = { x: size.width + 2 * GAP, y: size.height + 2 * GAP };
  const obstacles = present.filter((e) => !e.containerId);
  if (obstacles.length === 0) return { x: 0, y: 0 };
  const left = Math.min(...obstacles.map((o) => o.x));
  const top = Math.min(...obstacles.map((o) => o.y));
  const rightmost = Math.max(...obstacles.map((o) => o.x + o.width));
  const columns = Math.max(4, Math.ceil((rightmost - left) / step.x) + 1);
  for (let row = 0; ; row++) {
    for (let column = 0; column < columns; column++) {
      const slot = { x: left + column * step.x, y: top + row * step.y, ...size };
      if (!obstacles.some((o) => overlaps(slot, o, GAP))) return { x: slot.x, y: slot.y };
    }
  }
}

// -- the note -------------------------------------------------------------------------------

export interface NewNote {
  text: string;
  author: string;
  authorId?: string;
  /** `#rrggbb` (a palette colour's background) or a palette id. */
  color: string;
  frame: DocElement | null;
}

/** A new note, and the frame it was put in when that frame had to grow to hold it. */
export interface BuiltNote {
  rectangle: Record<string, unknown> & { id: string };
  label: Record<string, unknown> & { id: string };
  /** The chosen frame, taller (a new version), or null when it already had room. */
  grownFrame: Record<string, unknown> | null;
}

/**
 * The two elements of a sticky note (rectangle + bound, wrapped text, from the one
 * builder), placed by `placeNote`, indexed after the last element, and in the frame
 * holding its centre (frames/membership.ts).
 */
export function buildNote(elements: readonly DocElement[], note: NewNote, random: () => number = Math.random, now: number = Date.now()): BuiltNote {
  const height = stickyNoteHeight(note.text);
  const at = placeNote(elements, note.frame, { width: NOTE_SIZE, height });
  const box = { ...at, width: NOTE_SIZE, height };
  const taller = note.frame ? heightToHold(note.frame, [box]) : null;
  const grownFrame = note.frame && taller !== null ? { ...note.frame, height: taller, version: Number(note.frame.version ?? 1) + 1, versionNonce: randomInteger(random), updated: now } : null;
  const frames = grownFrame ? elements.map((e) => (e.id === grownFrame.id ? (grownFrame as DocElement) : e)) : elements;
  const frameId = frameOf(frames, box)?.id ?? null;
  const [rectangle, label] = stickyNote({ text: note.text, x: at.x, y: at.y, author: note.author, authorId: note.authorId, color: note.color, frameId, after: lastIndex(elements), random, now });
  return { rectangle: { ...rectangle }, label: { ...label }, grownFrame };
}

/**
 * Frames that must grow again to hold notes written here: when two phones grow one frame
 * at the same moment only one version survives, so each phone checks its own recent notes
 * after every change and grows the frame back. Returns the new frame versions to write.
 */
export function framesToRegrow(elements: readonly DocElement[], mine: ReadonlySet<string>, random: () => number = Math.random, now: number = Date.now()): Record<string, unknown>[] {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const needs = new Map<string, number>();
  for (const id of mine) {
    const note = byId.get(id);
    const frame = note?.frameId ? byId.get(note.frameId) : undefined;
    if (!note || note.isDeleted || !frame || frame.isDeleted) continue;
    const taller = heightToHold(frame, [note]);
    if (taller !== null) needs.set(frame.id, Math.max(needs.get(frame.id) ?? 0, taller));
  }
  return [...needs].map(([id, height]) => {
    const frame = byId.get(id)!;
    return { ...frame, height, version: Number(frame.version ?? 1) + 1, versionNonce: randomInteger(random), updated: now };
  });
}

/** Frames for the picker, by name, in reading order (top to bottom, left to right). */
export function frameChoices(elements: readonly DocElement[]): { id: string; name: string }[] {
  return live(elements)
    .filter((e) => e.type === "frame")
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((e) => ({ id: e.id, name: e.name || t("frame.untitled") }));
}

// -- voting ---------------------------------------------------------------------------------

export interface VoteListNote {
  id: string;
  text: string;
}

interface NoteLike {
  id: string;
  type: string;
  x?: number;
  y?: number;
  isDeleted?: boolean;
  containerId?: string | null;
  frameId?: string | null;
  text?: string;
  originalText?: string;
  customData?: Record<string, unknown>;
}

/**
 * The notes one can vote on: sticky notes (not deleted) in the vote's frame, or all of
 * them when the vote covers the whole board; in reading order, with their text.
 */
export function voteList(elements: readonly NoteLike[], frameId: string | null): VoteListNote[] {
  const texts = new Map<string, string>();
  for (const element of elements) {
    if (element.type === "text" && element.containerId && !element.isDeleted) {
      texts.set(element.containerId, element.originalText ?? element.text ?? "");
    }
  }
  return elements
    .filter((e) => !e.isDeleted && (e.customData?.indaba as { kind?: string } | undefined)?.kind === "sticky")
    .filter((e) => frameId === null || e.frameId === frameId)
    .sort((a, b) => (a.y ?? 0) - (b.y ?? 0) || (a.x ?? 0) - (b.x ?? 0) || (a.id < b.id ? -1 : 1))
    .map((e) => ({ id: e.id, text: texts.get(e.id) ?? "" }));
}
