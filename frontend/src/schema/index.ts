/**
 * The board document's shared constants, read from the one schema file the Python side
 * reads too (src/indaba/boards/schema/board-document.json): root map names, the sticky
 * note's shape, the palette, element defaults and the server's close codes. Change a value
 * in that file, never here.
 */
import schema from "../../../src/indaba/boards/schema/board-document.json";

export const SCHEMA_VERSION: number = schema.version;

/** Names of the document's top-level Y.Maps. */
export const ROOTS = {
  elements: schema.roots.elements,
  files: schema.roots.files,
  timer: schema.roots.workshop.timer,
  vote: schema.roots.workshop.vote,
  facilitation: schema.roots.workshop.facilitation,
  reactions: schema.roots.workshop.reactions,
  locks: schema.roots.workshop.locks,
  harvest: schema.roots.workshop.harvest,
} as const;

/** Roots a client may write (the server refuses changes to any other). */
export const CLIENT_WRITABLE_ROOTS: readonly string[] = schema.roots.clientWritable;
/** Roots written only by the server, through the facilitation endpoints. */
export const WORKSHOP_ROOTS: readonly string[] = Object.values(schema.roots.workshop);

export interface StickyShape {
  width: number;
  minHeight: number;
  textWidth: number;
  verticalPadding: number;
  fontSize: number;
  fontFamily: number;
  lineHeight: number;
  /** Average character width of the font, in em (for wrapping without measuring). */
  charWidthEm: number;
  textColor: string;
  strokeColor: string;
  strokeWidth: number;
  roughness: number;
  fillStyle: string;
  roundness: { readonly type: number };
  /** Space kept between notes. */
  gap: number;
}

export const STICKY: Readonly<StickyShape> = schema.stickyNote;

/** A sticky-note colour. Each has a name (never colour alone) and takes dark text. */
export interface StickyColor {
  id: string;
  name: string;
  /** Note background, `#rrggbb`. */
  background: string;
}

export const PALETTE: readonly StickyColor[] = schema.palette;

function colourById(id: string): StickyColor {
  const colour = PALETTE.find((c) => c.id === id);
  if (!colour) throw new Error(`board-document.json: defaultColor ${JSON.stringify(id)} is not in the palette`);
  return colour;
}

export const DEFAULT_COLOR: StickyColor = colourById(schema.defaultColor);

/** A palette id ("green") or a `#rrggbb` value, as a note's background. */
export function colourFill(colour: string): string {
  return PALETTE.find((c) => c.id === colour)?.background ?? colour;
}

/** Fields every element starts with. */
export type ElementDefaults = typeof schema.elementDefaults;
export const ELEMENT_DEFAULTS: Readonly<ElementDefaults> = schema.elementDefaults;

/** A fresh copy of the element defaults (lists inside are not shared). */
export function elementDefaults(): ElementDefaults {
  return structuredClone(schema.elementDefaults);
}

export interface SchemaCloseCode {
  name: string;
  /** false: reconnecting cannot help. */
  reconnect: boolean;
}

/** Close codes the sync server sends, by number. */
export const CLOSE_CODES: Readonly<Record<number, SchemaCloseCode>> = Object.fromEntries(
  Object.entries(schema.closeCodes as Record<string, SchemaCloseCode>).map(([code, info]) => [Number(code), info]),
);
