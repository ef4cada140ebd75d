/**
 * Makes element values from the shared document safe to hand to Excalidraw.
 *
 * Any client can write anything into the `elements` map. A value missing a field the
 * renderer reads (e.g. `groupIds`) would throw inside Excalidraw and blank the board for
 * everyone. This fills only *missing* fields with Excalidraw's defaults and drops values
 * of a type it cannot draw; a complete element passes through unchanged (no field of a
 * valid element is ever rewritten, so versions, indices and bindings stay as stored).
 */

import { ELEMENT_DEFAULTS } from "../schema";

type Json = Record<string, unknown>;

/** The board schema's element defaults, plus the fields every element has a value of its own for. */
const COMMON: Json = {
  x: 0, y: 0, width: 0, height: 0, seed: 1, versionNonce: 0, updated: 0, index: null,
  ...ELEMENT_DEFAULTS,
};

const BY_TYPE: Record<string, Json> = {
  rectangle: {},
  diamond: {},
  ellipse: {},
  embeddable: {},
  iframe: {},
  frame: { name: null },
  magicframe: { name: null },
  text: {
    text: "", originalText: "", fontSize: 20, fontFamily: 5, textAlign: "left", verticalAlign: "top",
    containerId: null, autoResize: true, lineHeight: 1.25,
  },
  line: { points: [[0, 0]], lastCommittedPoint: null, startBinding: null, endBinding: null,
    startArrowhead: null, endArrowhead: null, polygon: false },
  arrow: { points: [[0, 0]], lastCommittedPoint: null, startBinding: null, endBinding: null,
    startArrowhead: null, endArrowhead: "arrow", elbowed: false },
  freedraw: { points: [[0, 0]], pressures: [], simulatePressure: true, lastCommittedPoint: null },
  image: { fileId: null, status: "pending", scale: [1, 1], crop: null },
};

const ARRAY_FIELDS = new Set(["groupIds", "points", "pressures", "scale"]);

/**
 * Each type's defaults as [key, fallback, must be an array] rows, built once: a board's
 * first sync passes every element through here, and merging the default objects per
 * element was a measurable part of the first render at 10,000 elements.
 */
const DEFAULTS_BY_TYPE = new Map<string, readonly (readonly [string, unknown, boolean])[]>(
  Object.entries(BY_TYPE).map(([type, own]) => [
    type,
    Object.entries({ ...COMMON, ...own }).map(([key, fallback]) => [key, fallback, ARRAY_FIELDS.has(key)] as const),
  ]),
);

export function sanitizeElement<T extends { id: string }>(value: T): T | null {
  const raw = value as unknown as Json;
  const type = raw.type;
  const defaults = typeof type === "string" ? DEFAULTS_BY_TYPE.get(type) : undefined;
  if (defaults === undefined) return null;
  let result: Json | null = null;
  for (const [key, fallback, mustBeArray] of defaults) {
    const present = raw[key];
    const wrongShape = mustBeArray && present !== undefined && !Array.isArray(present);
    if (present === undefined || wrongShape) {
      result ??= { ...raw };
      result[key] = structuredClone(fallback);
    }
  }
  return (result ?? raw) as unknown as T;
}

export function sanitizeElements<T extends { id: string }>(values: T[]): T[] {
  const out: T[] = [];
  for (const value of values) {
    const element = sanitizeElement(value);
    if (element !== null) out.push(element);
  }
  return out;
}
