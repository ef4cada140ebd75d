/** The part of Excalidraw's API that tells whether it has taken its initial scene. */
export interface LoadingEditor {
  getAppState(): { isLoading: boolean };
  /** Subscribes to scene changes; returns the unsubscribe. Excalidraw reports none while loading. */
  onChange(callback: () => void): () => void;
}

/**
 * Calls `ready` once the editor has set up its initial scene (at once if it already has).
 *
 * Excalidraw hands out its API from its constructor, but replaces the whole scene with
 * its `initialData` (none here) once it has mounted: elements given to `updateScene`
 * before then are lost. The board's connection now opens before the editor loads, so
 * the document can arrive first; the binding must not be started until the editor is
 * ready for it. Excalidraw keeps `isLoading` set until then and reports its first change
 * when it clears it. Returns a function that cancels the wait.
 */
export function whenEditorReady(editor: LoadingEditor, ready: () => void): () => void {
  if (!editor.getAppState().isLoading) {
    ready();
    return () => {};
  }
  let done = false;
  const unsubscribe = editor.onChange(() => {
    if (done || editor.getAppState().isLoading) return;
    done = true;
    unsubscribe();
    ready();
  });
  return () => {
    done = true;
    unsubscribe();
  };
}
