import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useEffect, useState } from "react";

/** Excalidraw's scroll and zoom, for overlays drawn over the canvas in viewport pixels. */
export interface SceneView {
  scrollX: number;
  scrollY: number;
  zoom: number;
}

/** The canvas's current view, re-read at most once a frame while `active`. */
export function useSceneView(excalidraw: ExcalidrawImperativeAPI | null, active: boolean): SceneView | null {
  const [view, setView] = useState<SceneView | null>(null);
  useEffect(() => {
    if (!excalidraw || !active) return;
    let frame = 0;
    const read = (): void => {
      frame = 0;
      const s = excalidraw.getAppState();
      setView((v) => (v && v.scrollX === s.scrollX && v.scrollY === s.scrollY && v.zoom === s.zoom.value ? v : { scrollX: s.scrollX, scrollY: s.scrollY, zoom: s.zoom.value }));
    };
    read();
    const off = excalidraw.onChange(() => {
      if (!frame) frame = requestAnimationFrame(read);
    });
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [excalidraw, active]);
  return view;
}

/** A scene point in the canvas's viewport pixels. */
export function toViewport(view: SceneView, x: number, y: number): { left: number; top: number } {
  return { left: (x + view.scrollX) * view.zoom, top: (y + view.scrollY) * view.zoom };
}
