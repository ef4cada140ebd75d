import { exportToBlob, exportToSvg, MIME_TYPES, serializeAsJSON } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { downloadBlob, fileNameFor } from "./download";

export type ExportFormat = "png" | "svg" | "excalidraw";

function scene(api: ExcalidrawImperativeAPI) {
  return {
    elements: api.getSceneElements(),
    appState: { ...api.getAppState(), exportBackground: true },
    files: api.getFiles(),
  };
}

async function render(api: ExcalidrawImperativeAPI, format: ExportFormat): Promise<Blob> {
  const { elements, appState, files } = scene(api);
  switch (format) {
    case "png":
      return exportToBlob({ elements, appState, files, mimeType: MIME_TYPES.png });
    case "svg": {
      const svg = await exportToSvg({ elements, appState, files });
      return new Blob([new XMLSerializer().serializeToString(svg)], { type: MIME_TYPES.svg });
    }
    case "excalidraw":
      return new Blob([serializeAsJSON(elements, appState, files, "local")], { type: MIME_TYPES.excalidraw });
  }
}

/** Renders the visible (non-deleted) scene and downloads it. */
export async function exportBoard(api: ExcalidrawImperativeAPI, format: ExportFormat, title: string): Promise<void> {
  downloadBlob(await render(api, format), fileNameFor(title, format));
}
