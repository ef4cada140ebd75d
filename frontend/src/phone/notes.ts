/**
 * The phone page's pure logic: a sticky note built as plain document elements (the same
 * shape `sticky/createSticky` makes through Excalidraw, without importing Excalidraw),
 * placed inside a frame without overlapping what is there, ordered after the last
 * element. No DOM, no Yjs: unit-tested in Node.
 */
import { FRAME_MARGIN, frameOf, heightToHold } from "../frames/membership";
import { stickyCustomData } from "../sticky/customData";
import { indexAfter, lastIndex } from "../order/fractionalIndex";
import { STICKY_TEXT_COLOR } from "../sticky/palette";

/** Same size as a note added on the board (`STICKY_SIZE` in sticky/createSticky.ts). */
export const NOTE_SIZE = 200;
export const FONT_SIZE = 20;
export const LINE_HEIGHT = 1.25;
/** Width the text wraps to, as `indaba.boards.builders.sticky_note` does. */
export const TEXT_WIDTH = 180;
/** Space kept between notes (the demo's notes sit 10 px apart). */
const GAP = 10;

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

// -- wrapping -------------------------------------------------------------------------------

/**
 * Wraps `value` into lines of at most `width / (fontSize × 0.6)` characters (Excalifont
 * averages about 0.6 em), breaking long words — Python's `textwrap.wrap` as used by
 * `builders.wrap_text`: Excalidraw draws `text` as given and re-wraps only on edit.
 */
export function wrapText(value: string, width: number = TEXT_WIDTH, fontSize: number = FONT_SIZE): string {
  const columns = Math.max(4, Math.floor(width / (fontSize * 0.6)));
  const lines: string[] = [];
  for (const paragraph of value.split("\n")) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      lines.push("");
      continue;
    }
    let line = "";
    for (let word of words) {
      if (line && line.length + 1 + word.length <= columns) {
        line += " " + word;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      while (word.length > columns) {
        lines.push(word.slice(0, columns));
        word = word.slice(columns);
      }
      line = word;
    }
    if (line) lines.push(line);
  }
  return lines.join("\n");
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

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomId(random: () => number = Math.random): string {
  let id = "";
  for (let i = 0; i < 21; i++) id += ID_CHARS[Math.floor(random() * ID_CHARS.length)];
  return id;
}

const randomInt = (random: () => number): number => Math.floor(random() * 2 ** 31);

export interface NewNote {
  text: string;
  author: string;
  authorId?: string;
  /** `#rrggbb`, from sticky/palette's STICKY_COLORS. */
  color: string;
  frame: DocElement | null;
}

/** A new note, and the frame it was put in when that frame had to grow to hold it. */
export interface BuiltNote {
  rectangle: Record<string, unknown>;
  label: Record<string, unknown>;
  /** The chosen frame, taller (a new version), or null when it already had room. */
  grownFrame: Record<string, unknown> | null;
}

/**
 * The two elements of a sticky note (rectangle + bound, wrapped text), as a note added on
 * the board has them, placed by `placeNote`, indexed after the last element, and in the
 * frame holding its centre (frames/membership.ts).
 */
export function buildNote(elements: readonly DocElement[], note: NewNote, random: () => number = Math.random, now: number = Date.now()): BuiltNote {
  const text = wrapText(note.text.trim());
  const lines = text.split("\n").length;
  const textHeight = lines * FONT_SIZE * LINE_HEIGHT;
  const height = Math.max(NOTE_SIZE, Math.ceil(textHeight + 2 * FRAME_MARGIN));
  const at = placeNote(elements, note.frame, { width: NOTE_SIZE, height });
  const box = { ...at, width: NOTE_SIZE, height };
  const taller = note.frame ? heightToHold(note.frame, [box]) : null;
  const grownFrame = note.frame && taller !== null ? { ...note.frame, height: taller, version: Number(note.frame.version ?? 1) + 1, versionNonce: randomInt(random), updated: now } : null;
  const frames = grownFrame ? elements.map((e) => (e.id === grownFrame.id ? (grownFrame as DocElement) : e)) : elements;
  const rectIndex = indexAfter(lastIndex(elements));
  const textIndex = indexAfter(rectIndex);
  const rectId = randomId(random);
  const textId = randomId(random);
  const frameId = frameOf(frames, box)?.id ?? null;
  const common = {
    angle: 0,
    strokeColor: STICKY_TEXT_COLOR,
    fillStyle: "solid",
    strokeStyle: "solid",
    opacity: 100,
    groupIds: [],
    frameId,
    version: 1,
    isDeleted: false,
    updated: now,
    link: null,
    locked: false,
  };
  const rectangle = {
    ...common,
    id: rectId,
    type: "rectangle",
    x: at.x,
    y: at.y,
    width: NOTE_SIZE,
    height,
    backgroundColor: note.color,
    strokeWidth: 1,
    roughness: 0,
    roundness: { type: 3 },
    seed: randomInt(random),
    versionNonce: randomInt(random),
    index: rectIndex,
    boundElements: [{ id: textId, type: "text" }],
    customData: stickyCustomData(note.author, note.color, note.authorId),
  };
  const label = {
    ...common,
    id: textId,
    type: "text",
    x: at.x + (NOTE_SIZE - TEXT_WIDTH) / 2,
    y: at.y + (height - textHeight) / 2,
    width: TEXT_WIDTH,
    height: textHeight,
    backgroundColor: "transparent",
    strokeWidth: 2,
    roughness: 1,
    roundness: null,
    seed: randomInt(random),
    versionNonce: randomInt(random),
    index: textIndex,
    boundElements: null,
    text,
    originalText: note.text.trim(),
    fontSize: FONT_SIZE,
    fontFamily: 5,
    textAlign: "center",
    verticalAlign: "middle",
    containerId: rectId,
    autoResize: true,
    lineHeight: LINE_HEIGHT,
  };
  return { rectangle, label, grownFrame };
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
    return { ...frame, height, version: Number(frame.version ?? 1) + 1, versionNonce: randomInt(random), updated: now };
  });
}

/** Frames for the picker, by name, in reading order (top to bottom, left to right). */
export function frameChoices(elements: readonly DocElement[]): { id: string; name: string }[] {
  return live(elements)
    .filter((e) => e.type === "frame")
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((e) => ({ id: e.id, name: e.name || "Untitled frame" }));
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
