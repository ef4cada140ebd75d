/** The value of one entry in the document's `files` map (never image bytes). */
export interface FileRecord {
  /** Excalidraw's fileId (the map key; image elements reference it). */
  id: string;
  mimeType: string;
  /** Same-origin URL of the uploaded bytes: `/boards/<id>/images/<sha256>`. */
  url: string;
  /** Milliseconds since the epoch, as Excalidraw's BinaryFileData.created. */
  created: number;
}

export function asFileRecord(value: unknown): FileRecord | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, mimeType, url, created } = value as Record<string, unknown>;
  if (typeof id !== "string" || typeof mimeType !== "string" || typeof url !== "string") return null;
  // Only same-origin paths: the page must never fetch from another origin.
  if (!url.startsWith("/") || url.startsWith("//")) return null;
  return { id, mimeType, url, created: typeof created === "number" ? created : Date.now() };
}
