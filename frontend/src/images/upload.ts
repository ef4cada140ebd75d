/** What the server answers to an image upload (201). */
export interface UploadedImage {
  /** sha256 of the content. */
  id: string;
  url: string;
  mimeType: string;
}

export class UploadError extends Error {
  override name = "UploadError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;

/** POSTs one image as multipart field `file` with the board token as a Bearer credential. */
export async function uploadImage(
  uploadUrl: string,
  token: string,
  blob: Blob,
  filename: string,
  fetchImpl: Fetch = fetch,
): Promise<UploadedImage> {
  const form = new FormData();
  form.append("file", blob, filename);
  let response: Response;
  try {
    response = await fetchImpl(uploadUrl, {
      method: "POST",
      body: form,
      headers: { Authorization: `Bearer ${token}` },
      credentials: "same-origin",
    });
  } catch (error) {
    throw new UploadError(`Image upload failed: ${(error as Error).message || "network error"}`, 0);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message =
      body && typeof (body as { error?: unknown }).error === "string"
        ? (body as { error: string }).error
        : `Image upload failed (HTTP ${response.status})`;
    throw new UploadError(message, response.status);
  }
  const data = body as Partial<UploadedImage> | null;
  if (!data || typeof data.id !== "string" || typeof data.url !== "string" || typeof data.mimeType !== "string") {
    throw new UploadError("Image upload answered without id, url and mimeType", response.status);
  }
  return { id: data.id, url: data.url, mimeType: data.mimeType };
}

/** GETs an uploaded image (same origin) as a Blob. */
export async function downloadImage(url: string, token: string, fetchImpl: Fetch = fetch): Promise<Blob> {
  const response = await fetchImpl(url, {
    headers: { Authorization: `Bearer ${token}` },
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`Could not load image ${url} (HTTP ${response.status})`);
  return response.blob();
}
