import { CaptureUpdateAction, hashElementsVersion, newElementWith } from "@excalidraw/excalidraw";
import type { ExcalidrawElement, FileId, OrderedExcalidrawElement } from "@excalidraw/excalidraw/element/types";
import type { AppState, BinaryFileData, BinaryFiles, ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type { BoardConfig } from "../config";
import { ELEMENTS_MAP, FILES_MAP, SceneBinding, excalidrawSceneAdapter } from "../binding";
import { FileSync, type LocalFile } from "../images/FileSync";
import { downloadImage, uploadImage } from "../images/upload";
import { collaboratorsFrom } from "../presence/collaborators";
import { LocalPresence } from "../presence/LocalPresence";
import { throttle } from "../presence/throttle";
import { POINTER_THROTTLE_MS } from "../presence/types";
import type { BoardSession } from "../provider";
import { t } from "../i18n";

/** Everything that ties one Excalidraw instance to the live board; React-free. */
export interface BoardController {
  onChange(elements: readonly ExcalidrawElement[], appState: AppState, files: BinaryFiles): void;
  onPointerUpdate(x: number, y: number, tool: "pointer" | "laser"): void;
  onScrollChange(scrollX: number, scrollY: number, zoom: number): void;
  /** Last pointer position in scene coordinates, if the pointer has been over the canvas. */
  lastPointer(): { x: number; y: number } | null;
  destroy(): void;
}

/** Marks the image elements of an upload as saved, or removes them if the server refused it. */
function settleImageElements(api: ExcalidrawImperativeAPI, fileId: string, ok: boolean): void {
  let touched = false;
  const elements = api.getSceneElementsIncludingDeleted().map((element) => {
    if (element.type !== "image" || element.fileId !== fileId || element.isDeleted) return element;
    touched = true;
    return ok ? newElementWith(element, { status: "saved" }) : newElementWith(element, { isDeleted: true });
  });
  if (touched) api.updateScene({ elements, captureUpdate: CaptureUpdateAction.NEVER });
}

export function connectBoard(
  api: ExcalidrawImperativeAPI,
  config: BoardConfig,
  session: BoardSession,
): BoardController {
  const { doc, provider } = session;
  const canWrite = config.role === "editor";

  const binding = new SceneBinding(doc, doc.getMap<OrderedExcalidrawElement>(ELEMENTS_MAP), excalidrawSceneAdapter(api), { canWrite });

  const files = new FileSync(doc, doc.getMap(FILES_MAP), {
    canWrite,
    upload: (blob, name) => uploadImage(config.imageUploadUrl, config.token, blob, name),
    download: (url) => downloadImage(url, config.token),
    addFiles: (loaded) => api.addFiles(loaded.map((f) => ({ ...f, id: f.id as FileId }) as BinaryFileData)),
    uploadFinished: (fileId, ok, message) => {
      settleImageElements(api, fileId, ok);
      if (!ok) api.setToast({ message: t("board.imageNotAdded", { error: message ?? t("board.uploadFailed") }), closable: true, duration: 8000 });
    },
  });

  const awareness = provider.awareness;
  const presence = new LocalPresence(awareness, config.user);
  // Many peers each moving their pointer 20 times a second: redraw at most every 50 ms.
  const renderCollaborators = throttle((): void => {
    api.updateScene({ collaborators: collaboratorsFrom(awareness.getStates(), doc.clientID) });
  }, POINTER_THROTTLE_MS);
  const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    // Our own pointer moves change the awareness too; only others' changes redraw.
    if ([...added, ...updated, ...removed].some((id) => id !== doc.clientID)) renderCollaborators();
  };
  awareness.on("change", onAwareness);
  renderCollaborators();

  const onVisibility = (): void => presence.visibilityChanged(document.hidden);
  document.addEventListener("visibilitychange", onVisibility);

  let pointer: { x: number; y: number } | null = null;
  // Excalidraw calls onChange for every frame of a pan or zoom. Elements are mutated in
  // place (the array stays the same), so compare a hash of their versions: a plain loop,
  // far cheaper than the binding's diff against the document.
  let lastSceneHash: number | null = null;
  let lastFiles: BinaryFiles | null = null;

  return {
    onChange(elements, appState, binaryFiles) {
      const sceneHash = hashElementsVersion(elements);
      if (sceneHash !== lastSceneHash) {
        lastSceneHash = sceneHash;
        binding.onLocalChange();
      }
      presence.selectionChanged(appState.selectedElementIds);
      if (binaryFiles !== lastFiles) {
        lastFiles = binaryFiles;
        files.onLocalFiles(binaryFiles as unknown as Record<string, LocalFile>);
      }
    },
    onPointerUpdate(x, y, tool) {
      pointer = { x, y };
      presence.pointerMoved(x, y, tool);
    },
    onScrollChange(scrollX, scrollY, zoom) {
      presence.viewportChanged(scrollX, scrollY, zoom);
    },
    lastPointer: () => pointer,
    destroy() {
      binding.flush();
      binding.destroy();
      files.destroy();
      presence.destroy();
      awareness.off("change", onAwareness);
      renderCollaborators.cancel();
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}
