/** `data:<mime>;base64,<bytes>` → Blob. */
export function dataURLToBlob(dataURL: string): Blob {
  const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(dataURL);
  if (!match) throw new Error("Not a data: URL");
  const mimeType = match[1] || "application/octet-stream";
  const payload = match[3] ?? "";
  if (!match[2]) return new Blob([decodeURIComponent(payload)], { type: mimeType });
  const binary = atob(payload);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mimeType });
}

/** Blob → `data:<mime>;base64,...` (works in browsers and in Node). */
export async function blobToDataURL(blob: Blob, mimeType = blob.type): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return `data:${mimeType || "application/octet-stream"};base64,${btoa(binary)}`;
}

/** File-name extension for an image MIME type (used for the upload's file name). */
export function extensionFor(mimeType: string): string {
  const known: Record<string, string> = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
    "image/avif": "avif",
    "image/bmp": "bmp",
    "image/x-icon": "ico",
  };
  return known[mimeType] ?? "bin";
}
