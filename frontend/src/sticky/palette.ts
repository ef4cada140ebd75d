/**
 * Sticky-note colours, from the board schema (board-document.json's palette, which the
 * Python side reads too). Each has a name (never colour alone) and takes dark text.
 */
import { DEFAULT_COLOR, PALETTE, STICKY, type StickyColor } from "../schema";
import { type MessageKey, t } from "../i18n";

export type { StickyColor };

/** Text colour of every note. */
export const STICKY_TEXT_COLOR: string = STICKY.textColor;

export const STICKY_COLORS: readonly StickyColor[] = PALETTE;

export const DEFAULT_STICKY_COLOR: StickyColor = DEFAULT_COLOR;

const COLOUR_NAMES: Readonly<Record<string, MessageKey>> = {
  yellow: "colour.yellow",
  orange: "colour.orange",
  pink: "colour.pink",
  green: "colour.green",
  blue: "colour.blue",
  violet: "colour.violet",
};

/** A colour's name in the page language (the schema's English name for a colour the catalogue lacks). */
export function colourName(colour: StickyColor): string {
  const key = COLOUR_NAMES[colour.id];
  return key ? t(key) : colour.name;
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Expected a #rrggbb colour, got ${JSON.stringify(hex)}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two colours (1..21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
