/** The fields of an Excalidraw element that syncing depends on. */
export interface VersionedElement {
  readonly id: string;
  readonly version: number;
  readonly versionNonce: number;
  /** Excalidraw's fractional index (z-order); null until Excalidraw assigns one. */
  readonly index: string | null;
}

/** What the binding remembers of an element as last written to / read from the document. */
export interface SeenVersion {
  readonly version: number;
  readonly versionNonce: number;
}
