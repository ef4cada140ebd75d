import { convertToExcalidrawElements, exportToBlob, exportToSvg, MIME_TYPES, serializeAsJSON } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { downloadBlob, fileNameFor } from "./download";
import { voteBadges } from "./voteBadges";

export type ExportFormat = "png" | "svg" | "excalidraw";

/** Elements drawn into the image only (not the board): the revealed vote counts. */
function badgeElements(api: ExcalidrawImperativeAPI, results: Record<string, number> | null) {
  return convertToExcalidrawElements(
    voteBadges(results, api.getSceneElements()).map((badge) => ({
      type: "rectangle" as const,
      x: badge.x,
      y: badge.y,
      width: badge.width,
      height: badge.height,
      backgroundColor: "#3b2a9a",
      strokeColor: "#3b2a9a",
      fillStyle: "solid" as const,
      roughness: 0,
      roundness: { type: 3 },
      label: { text: badge.text, strokeColor: "#ffffff", fontSize: 16 },
    })),
  );
}

function scene(api: ExcalidrawImperativeAPI, results: Record<string, number> | null, withBadges: boolean) {
  return {
    elements: withBadges ? [...api.getSceneElements(), ...badgeElements(api, results)] : api.getSceneElements(),
    appState: { ...api.getAppState(), exportBackground: true },
    files: api.getFiles(),
  };
}

async function render(api: ExcalidrawImperativeAPI, format: ExportFormat, results: Record<string, number> | null): Promise<Blob> {
  switch (format) {
    case "png": {
      const { elements, appState, files } = scene(api, results, true);
      return exportToBlob({ elements, appState, files, mimeType: MIME_TYPES.png });
    }
    case "svg": {
      const { elements, appState, files } = scene(api, results, true);
      const svg = await exportToSvg({ elements, appState, files });
      return new Blob([new XMLSerializer().serializeToString(svg)], { type: MIME_TYPES.svg });
    }
    case "excalidraw": {
      // The editable file holds the board only; the counts are in the results page.
      const { elements, appState, files } = scene(api, results, false);
      return new Blob([serializeAsJSON(elements, appState, files, "local")], { type: MIME_TYPES.excalidraw });
    }
  }
}

/** Renders the visible (non-deleted) scene, with revealed vote counts on the notes in
 * images, and downloads it. */
export async function exportBoard(api: ExcalidrawImperativeAPI, format: ExportFormat, title: string, results: Record<string, number> | null = null): Promise<void> {
  downloadBlob(await render(api, format, results), fileNameFor(title, format));
}
