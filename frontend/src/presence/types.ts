/** The awareness state each client publishes (never stored by the server). */
export interface PresenceState {
  user: { name: string; color: string };
  /** Scene coordinates of the pointer; absent until it first moves. */
  pointer?: { x: number; y: number; tool: "pointer" | "laser" };
  /** Map of selected element id → true, as Excalidraw's appState has it. */
  selectedElementIds?: Record<string, true>;
  viewport?: { scrollX: number; scrollY: number; zoom: number };
  /** True after 60 s without pointer movement, or while the tab is hidden. */
  idle?: boolean;
}

export const IDLE_AFTER_MS = 60_000;
export const POINTER_THROTTLE_MS = 50;
