import { convertToExcalidrawElements, CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { type FrameCandidate, frameOf, keepInside } from "../frames/membership";
import { stickyCustomData } from "./customData";
import { STICKY_TEXT_COLOR, type StickyColor } from "./palette";

export { viewportCenter } from "./viewport";

export const STICKY_SIZE = 200;
const PLACEHOLDER = "…";

/**
 * Adds a sticky note centred on `at` (scene coordinates): a filled rectangle
 * container with a bound, wrapping text element, the author and colour kept
 * in the rectangle's `customData.indaba`. A note whose centre falls in a frame
 * belongs to it (`frameId`, frames/membership.ts) and is kept inside its edges.
 * The note is selected; it is an ordinary undoable local change.
 */
export function createSticky(
  api: ExcalidrawImperativeAPI,
  options: { author: string; authorId?: string; color: StickyColor; at: { x: number; y: number }; text?: string },
): string {
  const existing = api.getSceneElementsIncludingDeleted();
  const box = { x: options.at.x - STICKY_SIZE / 2, y: options.at.y - STICKY_SIZE / 2, width: STICKY_SIZE, height: STICKY_SIZE };
  const frame = frameOf(existing as unknown as readonly FrameCandidate[], box);
  const { x, y } = frame ? keepInside(box, frame) : box;
  // Excalidraw only creates the bound text element for a non-empty label, so
  // measure a placeholder and then empty it: the note opens ready to type into.
  const [container, ...rest] = convertToExcalidrawElements([
    {
      type: "rectangle",
      x,
      y,
      width: STICKY_SIZE,
      height: STICKY_SIZE,
      backgroundColor: options.color.background,
      strokeColor: STICKY_TEXT_COLOR,
      fillStyle: "solid",
      strokeWidth: 1,
      roughness: 0,
      roundness: { type: 3 },
      customData: stickyCustomData(options.author, options.color.background, options.authorId),
      label: {
        text: options.text || PLACEHOLDER,
        strokeColor: STICKY_TEXT_COLOR,
        fontSize: 20,
        textAlign: "center",
        verticalAlign: "middle",
      },
    },
  ]);
  if (!container) throw new Error("convertToExcalidrawElements returned no element");
  const frameId = frame?.id ?? null;
  const texts = rest.map((element) => ({
    ...(element.type === "text" && !options.text ? { ...element, text: "", originalText: "" } : element),
    frameId,
  }));
  api.updateScene({
    elements: [...existing, { ...container, frameId }, ...texts],
    appState: { selectedElementIds: { [container.id]: true } },
    captureUpdate: CaptureUpdateAction.IMMEDIATELY,
  });
  return container.id;
}

/**
 * Opens the text editor on the selected note, so typing goes straight into it. Excalidraw
 * 0.18 has no API for this; Enter on a selected text container is its own way in, so the
 * page sends itself that key once the new note is on the canvas.
 */
export function startTypingIntoSelection(): void {
  requestAnimationFrame(() => {
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
  });
}
