export { SceneBinding, DEFAULT_FLUSH_INTERVAL_MS, type SceneAdapter, type SceneBindingOptions } from "./SceneBinding";
export { excalidrawSceneAdapter } from "./excalidrawAdapter";
export { LOCAL_ORIGIN } from "./origin";
export const ELEMENTS_MAP = "elements";
export const FILES_MAP = "files";
