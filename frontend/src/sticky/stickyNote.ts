/**
 * The one sticky-note builder of the front end: a filled rectangle with its wrapped text
 * bound inside, centred — the elements `indaba.boards.builders.sticky_note` makes in Python,
 * field for field (tests/fixtures/sticky-note-vectors.json holds both to the same output).
 * Used by the board (Add note, N) and the phone page; pure, without Excalidraw, so the
 * phone's bundle stays small. Shapes, sizes and colours come from the board schema.
 */
import { indexAfter } from "../order/fractionalIndex";
import { colourFill, DEFAULT_COLOR, elementDefaults, STICKY } from "../schema";
import { pyStrip, wrapText } from "../text/wrap";
import { stickyCustomData, type StickyCustomData } from "./customData";

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random element id (21 letters and digits, as Python's `builders.new_id`). */
export function randomId(random: () => number = Math.random): string {
  let id = "";
  for (let i = 0; i < 21; i++) id += ID_CHARS[Math.floor(random() * ID_CHARS.length)];
  return id;
}

/** A seed or version nonce: 1 … 2³¹−1, as Python's `random.randint(1, 2**31 - 1)`. */
export function randomInteger(random: () => number = Math.random): number {
  return 1 + Math.floor(random() * (2 ** 31 - 1));
}

export interface StickyNoteOptions {
  text: string;
  /** Top left of the note, scene coordinates. */
  x: number;
  y: number;
  author: string;
  /** The author's participant id; left out of `customData` when empty. */
  authorId?: string;
  /** A palette id ("green") or `#rrggbb`; the schema's default colour when left out. */
  color?: string;
  frameId?: string | null;
  /** The last index in the document (null: none): the note's two indices follow it. */
  after: string | null;
  random?: () => number;
  /** `updated`, ms since the epoch. */
  now?: number;
  /** Element ids to use instead of random ones. */
  ids?: { box: string; label: string };
}

type Defaults = ReturnType<typeof elementDefaults>;
type Common = Omit<Defaults, "frameId" | "roundness" | "boundElements"> & {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  index: string;
  seed: number;
  versionNonce: number;
  updated: number;
  frameId: string | null;
};

export interface StickyRectangle extends Common {
  type: "rectangle";
  roundness: { type: number };
  boundElements: { id: string; type: "text" }[];
  customData: { indaba: StickyCustomData };
}

export interface StickyLabel extends Common {
  type: "text";
  roundness: null;
  boundElements: null;
  text: string;
  originalText: string;
  fontSize: number;
  fontFamily: number;
  textAlign: "center";
  verticalAlign: "middle";
  containerId: string;
  autoResize: true;
  lineHeight: number;
}

function lineCount(wrapped: string): number {
  return wrapped.split("\n").length;
}

/** A note is at least `minHeight` tall and grows to hold its wrapped (trimmed) text. */
export function stickyNoteHeight(text: string): number {
  const textHeight = lineCount(wrapText(pyStrip(text))) * STICKY.fontSize * STICKY.lineHeight;
  return Math.max(STICKY.minHeight, Math.ceil(textHeight + 2 * STICKY.verticalPadding));
}

/** The rectangle and its bound text label, in that order (the label's index is higher). */
export function stickyNote(options: StickyNoteOptions): [StickyRectangle, StickyLabel] {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now();
  const fill = colourFill(options.color ?? DEFAULT_COLOR.id);
  const frameId = options.frameId ?? null;
  const content = pyStrip(options.text);
  const wrapped = wrapText(content);
  const textHeight = lineCount(wrapped) * STICKY.fontSize * STICKY.lineHeight;
  const height = stickyNoteHeight(content);
  const boxIndex = indexAfter(options.after);
  const labelIndex = indexAfter(boxIndex);
  // Python draws id, seed and nonce for the box, then for the label.
  const boxId = options.ids?.box ?? randomId(random);
  const boxSeed = randomInteger(random);
  const boxNonce = randomInteger(random);
  const labelId = options.ids?.label ?? randomId(random);
  const labelSeed = randomInteger(random);
  const labelNonce = randomInteger(random);
  const rectangle: StickyRectangle = {
    ...elementDefaults(),
    id: boxId,
    type: "rectangle",
    x: options.x,
    y: options.y,
    width: STICKY.width,
    height,
    index: boxIndex,
    seed: boxSeed,
    versionNonce: boxNonce,
    updated: now,
    backgroundColor: fill,
    strokeColor: STICKY.strokeColor,
    strokeWidth: STICKY.strokeWidth,
    roughness: STICKY.roughness,
    fillStyle: STICKY.fillStyle,
    roundness: { ...STICKY.roundness },
    frameId,
    boundElements: [{ id: labelId, type: "text" }],
    customData: stickyCustomData(options.author, fill, options.authorId),
  };
  const label: StickyLabel = {
    ...elementDefaults(),
    id: labelId,
    type: "text",
    x: options.x + (STICKY.width - STICKY.textWidth) / 2,
    y: options.y + (height - textHeight) / 2,
    width: STICKY.textWidth,
    height: textHeight,
    index: labelIndex,
    seed: labelSeed,
    versionNonce: labelNonce,
    updated: now,
    roundness: null,
    boundElements: null,
    strokeColor: STICKY.textColor,
    frameId,
    text: wrapped,
    originalText: content,
    fontSize: STICKY.fontSize,
    fontFamily: STICKY.fontFamily,
    textAlign: "center",
    verticalAlign: "middle",
    containerId: boxId,
    autoResize: true,
    lineHeight: STICKY.lineHeight,
  };
  return [rectangle, label];
}
