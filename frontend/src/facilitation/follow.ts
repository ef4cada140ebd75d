/** Viewport arithmetic for "follow me" and "bring everyone here" (Excalidraw: scene = viewport / zoom - scroll). */
export interface View {
  /** Scene point at the centre of the viewport. */
  cx: number;
  cy: number;
  zoom: number;
}

export function viewOf(appState: { width: number; height: number; scrollX: number; scrollY: number; zoom: { value: number } }): View {
  const zoom = appState.zoom.value;
  return { cx: appState.width / 2 / zoom - appState.scrollX, cy: appState.height / 2 / zoom - appState.scrollY, zoom };
}

/** The scroll that puts `view`'s centre at the centre of a viewport of this size. */
export function scrollFor(view: View, width: number, height: number): { scrollX: number; scrollY: number } {
  return { scrollX: width / 2 / view.zoom - view.cx, scrollY: height / 2 / view.zoom - view.cy };
}

export function sameView(a: View | null, b: View, tolerance = 0.5): boolean {
  return a !== null && Math.abs(a.cx - b.cx) < tolerance && Math.abs(a.cy - b.cy) < tolerance && Math.abs(a.zoom - b.zoom) < 1e-3;
}

/** Clamp a zoom to Excalidraw's range. */
export function clampZoom(zoom: number): number {
  return Math.min(30, Math.max(0.1, Number.isFinite(zoom) ? zoom : 1));
}
