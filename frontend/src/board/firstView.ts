import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type { WebsocketProvider } from "y-websocket";
import { contentBounds, fitView, type Insets } from "./fitView";

/** Room left around the content: Excalidraw's zoom and undo controls sit at the bottom. */
const EDGE = 16;
const BOTTOM = 72;

/** Below Excalidraw's toolbar, measured (it wraps on narrow screens). */
function insetsOf(stage: HTMLElement | null): Insets {
  const toolbar = stage?.querySelector(".App-toolbar");
  const top = stage && toolbar ? toolbar.getBoundingClientRect().bottom - stage.getBoundingClientRect().top + EDGE : 80;
  return { top: Math.max(top, 80), right: EDGE, bottom: BOTTOM, left: EDGE };
}

/**
 * Once the board's content has arrived, shows all of it (never zoomed past 100 %), unless
 * the person already moved the view. Returns a function that cancels the wait.
 */
export function fitFirstView(api: ExcalidrawImperativeAPI, provider: WebsocketProvider, stage: () => HTMLElement | null): () => void {
  let done = false;
  const start = api.getAppState();
  const fit = (): void => {
    if (done) return;
    const bounds = contentBounds(api.getSceneElements());
    if (!bounds) return;
    done = true;
    const state = api.getAppState();
    if (state.scrollX !== start.scrollX || state.scrollY !== start.scrollY || state.zoom.value !== start.zoom.value) return;
    const view = fitView(bounds, { width: state.width, height: state.height }, insetsOf(stage()));
    api.updateScene({ appState: { scrollX: view.scrollX, scrollY: view.scrollY, zoom: { value: view.zoom as never } } });
  };
  const onSync = (synced: boolean): void => {
    if (synced) requestAnimationFrame(fit);
  };
  if (provider.synced) requestAnimationFrame(fit);
  provider.on("sync", onSync);
  return () => {
    done = true;
    provider.off("sync", onSync);
  };
}
