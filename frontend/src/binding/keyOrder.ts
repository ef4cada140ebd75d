/**
 * Gives every element value the same property order.
 *
 * Why: an element's JSON in the shared document keeps whatever key order its writer
 * used (the server's import writes them in no fixed order: on a 10,000-element board
 * every element had an order of its own). JavaScript engines give objects with a
 * different key order different hidden classes, so Excalidraw's per-element loops
 * (viewport culling, bounds, type checks, the renderable-elements map), which run over
 * every element on every pan frame, fell back to slow generic property lookups: panning
 * took about twice as long as on bare Excalidraw with the same scene. With one order
 * the elements share a handful of shapes, as Excalidraw's own elements do.
 *
 * Only the order changes: the same keys, the very same values.
 */

/** Excalidraw's own order for the fields every element has (as `restoreElements` writes them). */
const COMMON_ORDER = [
  "id", "type", "x", "y", "width", "height", "angle", "strokeColor", "backgroundColor", "fillStyle",
  "strokeWidth", "strokeStyle", "roughness", "opacity", "groupIds", "frameId", "index", "roundness",
  "seed", "version", "versionNonce", "isDeleted", "boundElements", "updated", "link", "locked",
];

/** Then the fields of particular element types. */
const TYPE_ORDER = [
  "text", "fontSize", "fontFamily", "textAlign", "verticalAlign", "containerId", "originalText",
  "autoResize", "lineHeight", "name", "points", "pressures", "simulatePressure", "lastCommittedPoint",
  "startBinding", "endBinding", "startArrowhead", "endArrowhead", "elbowed", "polygon", "fileId",
  "status", "scale", "crop", "customData",
];

const ORDER = [...COMMON_ORDER, ...TYPE_ORDER];
const KNOWN = new Set(ORDER);

/** A shallow copy of `value` with its keys in the fixed order (unknown keys last, sorted). */
export function inCanonicalOrder<T extends object>(value: T): T {
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of ORDER) {
    if (Object.hasOwn(source, key)) result[key] = source[key];
  }
  let extra: string[] | null = null;
  for (const key of Object.keys(source)) {
    if (!KNOWN.has(key)) (extra ??= []).push(key);
  }
  if (extra) {
    for (const key of extra.sort()) result[key] = source[key];
  }
  return result as T;
}
