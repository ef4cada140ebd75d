import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";

/** What end-to-end tests read through `window.__indaba`. */
export interface IndabaTestHandle {
  doc: Y.Doc;
  provider: WebsocketProvider;
  api: ExcalidrawImperativeAPI | null;
}

declare global {
  interface Window {
    __indaba?: IndabaTestHandle;
  }
}

export function exposeForTests(handle: IndabaTestHandle): void {
  window.__indaba = handle;
}
