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

const ELEMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_FOCUS = 200;

/**
 * Element ids named by the address's `?focus=a,b,c` (what "Open on the board" on a
 * knowledge item links to); anything that is not an element id is ignored.
 */
export function focusIds(search: string): string[] {
  const raw = new URLSearchParams(search).get("focus") ?? "";
  return raw.split(",").filter((id) => ELEMENT_ID.test(id)).slice(0, MAX_FOCUS);
}

interface FocusCandidate {
  id: string;
  containerId?: string | null;
}

/** The focused elements present on the board (with their labels), and the ids to select. */
export function focusOn<T extends FocusCandidate>(elements: readonly T[], focus: readonly string[]): { shown: T[]; selected: string[] } {
  if (focus.length === 0) return { shown: [], selected: [] };
  const wanted = new Set(focus);
  const shown = elements.filter((e) => wanted.has(e.id) || (e.containerId != null && wanted.has(e.containerId)));
  return { shown, selected: shown.filter((e) => wanted.has(e.id)).map((e) => e.id) };
}

/**
 * Once the board's content has arrived, shows all of it (never zoomed past 100 %), unless
 * the person already moved the view; with `focus`, shows and selects those elements
 * instead (all of the board when none of them is there any more). Returns a function that
 * cancels the wait.
 */
export function fitFirstView(api: ExcalidrawImperativeAPI, provider: WebsocketProvider, stage: () => HTMLElement | null, focus: readonly string[] = []): () => void {
  let done = false;
  const start = api.getAppState();
  const fit = (): void => {
    if (done) return;
    const elements = api.getSceneElements();
    const { shown, selected } = focusOn(elements, focus);
    const bounds = contentBounds(shown.length > 0 ? shown : elements);
    if (!bounds) return;
    done = true;
    const state = api.getAppState();
    if (state.scrollX !== start.scrollX || state.scrollY !== start.scrollY || state.zoom.value !== start.zoom.value) return;
    const view = fitView(bounds, { width: state.width, height: state.height }, insetsOf(stage()));
    const placed = { scrollX: view.scrollX, scrollY: view.scrollY, zoom: { value: view.zoom as never } };
    if (selected.length > 0) {
      api.updateScene({ appState: { ...placed, selectedElementIds: Object.fromEntries(selected.map((id) => [id, true as const])) } });
    } else {
      api.updateScene({ appState: placed });
    }
  };
  // Fitted at once, not a frame later: the binding has put the document into the editor
  // by now (it observes the document, and it is connected before this runs), and both
  // scene updates then land in one render. A frame later, Excalidraw first drew the board
  // at 100 % (a view the person could glimpse before the jump), then again fitted.
  const onSync = (synced: boolean): void => {
    if (synced) fit();
  };
  if (provider.synced) fit();
  provider.on("sync", onSync);
  return () => {
    done = true;
    provider.off("sync", onSync);
  };
}
