import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type { WebsocketProvider } from "y-websocket";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fitFirstView, focusIds } from "./firstView";

interface Element {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  containerId?: string | null;
}

/** Excalidraw as fitFirstView sees it: a scene, a view, and the updates it was given. */
function fakeEditor(elements: Element[] = []) {
  const state = { scrollX: 0, scrollY: 0, zoom: { value: 1 }, width: 1440, height: 900 };
  const updates: Array<Record<string, unknown>> = [];
  const editor = {
    elements,
    state,
    updates,
    getSceneElements: () => editor.elements,
    getAppState: () => ({ ...state, zoom: { ...state.zoom } }),
    updateScene: ({ appState }: { appState: Record<string, unknown> }) => {
      updates.push(appState);
      Object.assign(state, appState);
    },
  };
  return editor;
}

function fakeProvider(synced: boolean) {
  const listeners = new Set<(synced: boolean) => void>();
  return {
    synced,
    listeners,
    on: (_name: "sync", listener: (synced: boolean) => void) => listeners.add(listener),
    off: (_name: "sync", listener: (synced: boolean) => void) => listeners.delete(listener),
    sync(): void {
      this.synced = true;
      [...listeners].forEach((l) => l(true));
    },
  };
}

const asApi = (editor: ReturnType<typeof fakeEditor>) => editor as unknown as ExcalidrawImperativeAPI;
const asProvider = (provider: ReturnType<typeof fakeProvider>) => provider as unknown as WebsocketProvider;
const BOARD: Element[] = [
  { id: "a", x: -5000, y: -3000, width: 200, height: 200 },
  { id: "b", x: 4800, y: 2800, width: 200, height: 200 },
];

describe("fitFirstView", () => {
  // Frames never come in these tests: what is applied is applied before the next frame.
  const frames: FrameRequestCallback[] = [];
  beforeEach(() => {
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    frames.length = 0;
  });

  it("fits a board that has already synced at once, in the same task", () => {
    const editor = fakeEditor(BOARD);
    fitFirstView(asApi(editor), asProvider(fakeProvider(true)), () => null);
    expect(editor.updates).toHaveLength(1);
    const zoom = (editor.updates[0].zoom as { value: number }).value;
    expect(zoom).toBeGreaterThan(0.1);
    expect(zoom).toBeLessThan(0.2);
    // Both corners of the board in sight.
    for (const e of BOARD) {
      expect((e.x + editor.state.scrollX) * zoom).toBeGreaterThanOrEqual(0);
      expect((e.x + e.width + editor.state.scrollX) * zoom).toBeLessThanOrEqual(1440);
      expect((e.y + editor.state.scrollY) * zoom).toBeGreaterThanOrEqual(0);
      expect((e.y + e.height + editor.state.scrollY) * zoom).toBeLessThanOrEqual(900);
    }
  });

  it("fits when the document syncs, inside the sync event, once", () => {
    const editor = fakeEditor([]);
    const provider = fakeProvider(false);
    fitFirstView(asApi(editor), asProvider(provider), () => null);
    expect(editor.updates).toHaveLength(0);
    editor.elements = BOARD; // what the binding puts into the editor as the update applies
    provider.sync();
    expect(editor.updates).toHaveLength(1);
    provider.sync();
    expect(editor.updates).toHaveLength(1);
  });

  it("waits for content when the board synced empty", () => {
    const editor = fakeEditor([]);
    const provider = fakeProvider(true);
    fitFirstView(asApi(editor), asProvider(provider), () => null);
    expect(editor.updates).toHaveLength(0);
    editor.elements = BOARD;
    provider.sync();
    expect(editor.updates).toHaveLength(1);
  });

  it("leaves the view alone once the person has moved it", () => {
    const editor = fakeEditor([]);
    const provider = fakeProvider(false);
    fitFirstView(asApi(editor), asProvider(provider), () => null);
    editor.state.scrollX = 40;
    editor.elements = BOARD;
    provider.sync();
    expect(editor.updates).toHaveLength(0);
  });

  it("selects the focused elements and shows them", () => {
    const editor = fakeEditor(BOARD);
    fitFirstView(asApi(editor), asProvider(fakeProvider(true)), () => null, focusIds("?focus=b"));
    expect(editor.updates).toHaveLength(1);
    expect(editor.updates[0].selectedElementIds).toEqual({ b: true });
    expect((editor.updates[0].zoom as { value: number }).value).toBe(1);
  });

  it("stops waiting when cancelled", () => {
    const editor = fakeEditor([]);
    const provider = fakeProvider(false);
    const cancel = fitFirstView(asApi(editor), asProvider(provider), () => null);
    cancel();
    expect(provider.listeners.size).toBe(0);
    editor.elements = BOARD;
    provider.sync();
    expect(editor.updates).toHaveLength(0);
  });
});
