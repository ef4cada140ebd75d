/**
 * The first view of a board: all of its content in sight, clear of Excalidraw's own
 * toolbar (top) and zoom controls (bottom), never zoomed in past 100 %. Pure arithmetic
 * on Excalidraw's transform: viewport = (scene + scroll) × zoom.
 */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface View {
  zoom: number;
  scrollX: number;
  scrollY: number;
}

interface BoxLike {
  x: number;
  y: number;
  width: number;
  height: number;
  isDeleted?: boolean;
}

/** The box around every live element, or null for an empty board. */
export function contentBounds(elements: readonly BoxLike[]): Bounds | null {
  let bounds: Bounds | null = null;
  for (const e of elements) {
    if (e.isDeleted || ![e.x, e.y, e.width, e.height].every(Number.isFinite)) continue;
    const box = { minX: Math.min(e.x, e.x + e.width), minY: Math.min(e.y, e.y + e.height), maxX: Math.max(e.x, e.x + e.width), maxY: Math.max(e.y, e.y + e.height) };
    bounds = bounds
      ? { minX: Math.min(bounds.minX, box.minX), minY: Math.min(bounds.minY, box.minY), maxX: Math.max(bounds.maxX, box.maxX), maxY: Math.max(bounds.maxY, box.maxY) }
      : box;
  }
  return bounds;
}

/** The zoom and scroll that show `bounds` whole and centred inside the viewport less `insets`. */
export function fitView(bounds: Bounds, viewport: { width: number; height: number }, insets: Insets, maxZoom = 1, minZoom = 0.1): View {
  const safeWidth = Math.max(1, viewport.width - insets.left - insets.right);
  const safeHeight = Math.max(1, viewport.height - insets.top - insets.bottom);
  const width = Math.max(1, bounds.maxX - bounds.minX);
  const height = Math.max(1, bounds.maxY - bounds.minY);
  const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min(safeWidth / width, safeHeight / height)));
  const left = insets.left + (safeWidth - width * zoom) / 2;
  const top = insets.top + (safeHeight - height * zoom) / 2;
  return { zoom, scrollX: left / zoom - bounds.minX, scrollY: top / zoom - bounds.minY };
}
