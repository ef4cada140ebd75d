import { describe, expect, it } from "vitest";
import { whenEditorReady } from "./editorReady";

/** Excalidraw as whenEditorReady sees it: loading until `finishLoading`, then changes. */
function fakeEditor(isLoading: boolean) {
  const listeners = new Set<() => void>();
  const state = { isLoading };
  return {
    getAppState: () => state,
    onChange: (callback: () => void) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    change: () => [...listeners].forEach((l) => l()),
    finishLoading: () => {
      state.isLoading = false;
      [...listeners].forEach((l) => l());
    },
    listeners,
  };
}

describe("whenEditorReady", () => {
  it("runs at once when the editor has already loaded", () => {
    const editor = fakeEditor(false);
    let calls = 0;
    whenEditorReady(editor, () => calls++);
    expect(calls).toBe(1);
    expect(editor.listeners.size).toBe(0);
  });

  it("waits while the editor is still loading its initial scene", () => {
    const editor = fakeEditor(true);
    let calls = 0;
    whenEditorReady(editor, () => calls++);
    expect(calls).toBe(0);
    editor.change(); // a change reported while still loading does not count
    expect(calls).toBe(0);
    editor.finishLoading();
    expect(calls).toBe(1);
    editor.change();
    expect(calls).toBe(1);
    expect(editor.listeners.size).toBe(0);
  });

  it("can be cancelled before the editor is ready", () => {
    const editor = fakeEditor(true);
    let calls = 0;
    const cancel = whenEditorReady(editor, () => calls++);
    cancel();
    editor.finishLoading();
    expect(calls).toBe(0);
    expect(editor.listeners.size).toBe(0);
  });
});
