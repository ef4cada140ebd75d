/**
 * Which frame an element belongs to — the one rule in TypeScript (its Python twin is
 * `indaba.boards.frames`; docs/board-document.md states it). Used by the board page (Add
 * note, N) and the phone page, so a note lands in the same frame whichever way it was made.
 *
 * An element belongs to the top-most frame (last in drawing order) whose area holds the
 * element's centre: where Excalidraw itself puts an element dropped with the pointer over
 * a frame. Dragging in and out afterwards is Excalidraw's own frame handling.
 */

import { compareByIndex } from "../order/fractionalIndex";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameCandidate extends Box {
  id: string;
  type: string;
  isDeleted?: boolean;
  index?: string | null;
}

/** Space between a frame's edge and what sits inside it. */
export const FRAME_MARGIN = 20;

export function centreOf(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drawing order: fractional `index` compared as plain strings, ties by id. */
const drawingOrder: (a: FrameCandidate, b: FrameCandidate) => number = compareByIndex;

/** The top-most live frame containing the point, or null. */
export function frameAt<T extends FrameCandidate>(elements: readonly T[], point: { x: number; y: number }): T | null {
  const frames = elements
    .filter((e) => e.type === "frame" && !e.isDeleted)
    .filter((f) => f.x <= point.x && point.x <= f.x + f.width && f.y <= point.y && point.y <= f.y + f.height)
    .sort(drawingOrder);
  return frames.length > 0 ? frames[frames.length - 1]! : null;
}

/** The frame a new element with this box belongs to (by its centre). */
export function frameOf<T extends FrameCandidate>(elements: readonly T[], box: Box): T | null {
  return frameAt(elements, centreOf(box));
}

/**
 * Moves `box` inside `frame` (keeping the margin) when it fits, so a note whose centre is
 * in a frame is not cut off by Excalidraw's clipping of frame children at the frame edge.
 */
export function keepInside(box: Box, frame: Box): { x: number; y: number } {
  const fits = (size: number, span: number): boolean => size + 2 * FRAME_MARGIN <= span;
  const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);
  return {
    x: fits(box.width, frame.width) ? clamp(box.x, frame.x + FRAME_MARGIN, frame.x + frame.width - FRAME_MARGIN - box.width) : box.x,
    y: fits(box.height, frame.height) ? clamp(box.y, frame.y + FRAME_MARGIN, frame.y + frame.height - FRAME_MARGIN - box.height) : box.y,
  };
}

/** The height `frame` needs so that every box lies inside it (with the margin below), or
 * null when it already holds them: a full frame grows downwards rather than notes piling up. */
export function heightToHold(frame: Box, boxes: readonly Box[]): number | null {
  const bottom = Math.max(...boxes.map((b) => b.y + b.height), -Infinity);
  const needed = Math.ceil(bottom + FRAME_MARGIN - frame.y);
  return needed > frame.height ? needed : null;
}
