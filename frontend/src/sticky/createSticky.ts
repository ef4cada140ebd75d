import { CaptureUpdateAction } from "@excalidraw/excalidraw";
import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { type FrameCandidate, frameOf, keepInside } from "../frames/membership";
import { lastIndex } from "../order/fractionalIndex";
import { STICKY } from "../schema";
import type { StickyColor } from "./palette";
import { stickyNote, stickyNoteHeight } from "./stickyNote";

export { viewportCenter } from "./viewport";

/**
 * Adds a sticky note centred on `at` (scene coordinates), built by the one builder
 * (./stickyNote): a filled rectangle with a bound, wrapping text element (empty unless
 * `text` is given, ready to type into), the author and colour kept in the rectangle's
 * `customData.indaba`. A note whose centre falls in a frame belongs to it (`frameId`,
 * frames/membership.ts) and is kept inside its edges. The note is indexed after every
 * element and selected; it is an ordinary undoable local change.
 */
export function createSticky(
  api: ExcalidrawImperativeAPI,
  options: { author: string; authorId?: string; color: StickyColor; at: { x: number; y: number }; text?: string },
): string {
  const existing = api.getSceneElementsIncludingDeleted();
  const text = options.text ?? "";
  const height = stickyNoteHeight(text);
  const box = { x: options.at.x - STICKY.width / 2, y: options.at.y - height / 2, width: STICKY.width, height };
  const frame = frameOf(existing as unknown as readonly FrameCandidate[], box);
  const { x, y } = frame ? keepInside(box, frame) : box;
  const [rectangle, label] = stickyNote({
    text,
    x,
    y,
    author: options.author,
    authorId: options.authorId,
    color: options.color.background,
    frameId: frame?.id ?? null,
    after: lastIndex(existing),
  });
  api.updateScene({
    elements: [...existing, rectangle as unknown as ExcalidrawElement, label as unknown as ExcalidrawElement],
    appState: { selectedElementIds: { [rectangle.id]: true } },
    captureUpdate: CaptureUpdateAction.IMMEDIATELY,
  });
  return rectangle.id;
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
