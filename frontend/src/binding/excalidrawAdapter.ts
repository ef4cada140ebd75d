import { CaptureUpdateAction, restoreElements } from "@excalidraw/excalidraw";
import type { OrderedExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
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
    // Excalidraw's own loader: fills missing fields with defaults, drops unknown types, and
    // keeps version/versionNonce, so reconciliation still compares what the document holds.
    normalize: (elements) =>
      restoreElements(elements, null, { refreshDimensions: false, repairBindings: false }) as OrderedExcalidrawElement[],
  };
}
