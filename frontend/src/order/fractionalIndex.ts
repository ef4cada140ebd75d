/**
 * Fractional indices (an element's `index`, its place in drawing order): the one
 * implementation the front end uses, the `fractional-indexing` package that Excalidraw
 * 0.18 itself depends on (its Python twin, `fractional_indexing`, is checked against the
 * same vectors: tests/fixtures/fractional-index-vectors.json).
 */
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

export { generateKeyBetween as keyBetween, generateNKeysBetween as nKeysBetween };

/** A fractional index that sorts after `last` (null or "": the first index, "a0"). */
export function indexAfter(last: string | null | undefined): string {
  return generateKeyBetween(last || null, null);
}

/** The highest `index` among `elements` (deleted elements count: they keep their place). */
export function lastIndex(elements: Iterable<{ index?: string | null }>): string | null {
  let last: string | null = null;
  for (const element of elements) {
    const index = element.index;
    if (typeof index === "string" && index !== "" && (last === null || index > last)) last = index;
  }
  return last;
}

/**
 * Drawing order of two elements, as Excalidraw's `orderByFractionalIndex` sorts them:
 * plain string comparison of the indices, ties broken by id so every client agrees.
 */
export function compareByIndex(a: { id: string; index?: string | null }, b: { id: string; index?: string | null }): number {
  const ai = a.index ?? "";
  const bi = b.index ?? "";
  if (ai !== bi) return ai < bi ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
