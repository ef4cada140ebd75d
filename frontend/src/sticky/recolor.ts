import { CaptureUpdateAction, newElementWith } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { stickyCustomData, readSticky } from "./customData";
import type { StickyColor } from "./palette";

/** Gives the notes `ids` a new colour (one undoable change); returns how many changed. */
export function recolorStickies(api: ExcalidrawImperativeAPI, ids: readonly string[], color: StickyColor): number {
  const wanted = new Set(ids);
  let changed = 0;
  const elements = api.getSceneElementsIncludingDeleted().map((element) => {
    const sticky = wanted.has(element.id) ? readSticky(element) : null;
    if (!sticky || element.backgroundColor === color.background) return element;
    changed += 1;
    return newElementWith(element, {
      backgroundColor: color.background,
      customData: stickyCustomData(sticky.author, color.background, sticky.authorId),
    });
  });
  if (changed > 0) api.updateScene({ elements, captureUpdate: CaptureUpdateAction.IMMEDIATELY });
  return changed;
}
