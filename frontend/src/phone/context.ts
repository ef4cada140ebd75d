import type * as Y from "yjs";
import type { BoardConfig } from "../config";
import type { FacilitationApi } from "../facilitation/api";
import type { ServerClock } from "../facilitation/clock";
import type { FacilitationConfig } from "../facilitation/config";
import type { DocElement } from "./notes";

/** What the phone page's sections share; each takes the parts it needs. */
export interface PhoneContext {
  config: BoardConfig;
  facilitation: FacilitationConfig | null;
  doc: Y.Doc;
  api: FacilitationApi;
  clock: ServerClock;
  /** The person may write (an editor, not a viewer). */
  canWrite: boolean;
  elementsMap: Y.Map<DocElement>;
  /** The `elements` map's values, now. */
  elements(): DocElement[];
  /** Says `text` to screen readers (a polite live region). */
  announce(text: string): void;
  /** The server is reachable: the board's socket is synced and the browser is online. */
  online(): boolean;
}
