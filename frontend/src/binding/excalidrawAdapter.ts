import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { OrderedExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { sanitizeElements } from "./sanitize";
import type { SceneAdapter } from "./SceneBinding";

/** Excalidraw's imperative API as a SceneAdapter for the binding. */
export function excalidrawSceneAdapter(api: ExcalidrawImperativeAPI): SceneAdapter<OrderedExcalidrawElement> {
  return {
    getElements: () => api.getSceneElementsIncludingDeleted(),
    getEditingIds: () => {
      const state = api.getAppState();
      const ids = new Set<string>();
      for (const element of [state.editingTextElement, state.resizingElement, state.newElement, state.multiElement]) {
        if (element) ids.add(element.id);
      }
      return ids;
    },
    replaceElements: (elements) =>
      // NEVER: remote edits must not enter the local undo stack.
      api.updateScene({ elements, captureUpdate: CaptureUpdateAction.NEVER }),
    // Not Excalidraw's restoreElements: it drops zero-size elements (a new, empty note's
    // text) and re-derives indices, which would make peers' scenes drift from the document.
    normalize: (elements) => sanitizeElements(elements),
  };
}
