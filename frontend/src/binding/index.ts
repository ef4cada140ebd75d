import { ROOTS } from "../schema";

export { SceneBinding, DEFAULT_FLUSH_INTERVAL_MS, type SceneAdapter, type SceneBindingOptions } from "./SceneBinding";
export { excalidrawSceneAdapter } from "./excalidrawAdapter";
export { LOCAL_ORIGIN } from "./origin";
/** The document's element and file maps (names from the board schema). */
export const ELEMENTS_MAP = ROOTS.elements;
export const FILES_MAP = ROOTS.files;
