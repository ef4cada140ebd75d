import type * as Y from "yjs";
import { LOCAL_ORIGIN } from "../binding/origin";
import { blobToDataURL, dataURLToBlob, extensionFor } from "./dataUrl";
import { asFileRecord, type FileRecord } from "./fileRecord";
import type { UploadedImage } from "./upload";

/** A file as Excalidraw holds it in memory. */
export interface LocalFile {
  id: string;
  mimeType: string;
  dataURL: string;
  created: number;
}

export interface FileSyncDeps {
  canWrite: boolean;
  upload(blob: Blob, filename: string): Promise<UploadedImage>;
  download(url: string): Promise<Blob>;
  /** Hand downloaded files to the editor. */
  addFiles(files: LocalFile[]): void;
  /** An upload finished: `ok` false means the server refused it (`message` says why). */
  uploadFinished(fileId: string, ok: boolean, message?: string): void;
}

/**
 * Keeps the document's `files` map and the editor's in-memory files in step.
 * New local files are uploaded over HTTP and then recorded as
 * `{id, mimeType, url, created}`; files recorded by others are downloaded
 * from their url and added to the editor.
 */
export class FileSync {
  /** File ids the editor has, or that are being uploaded/downloaded. */
  private readonly handled = new Set<string>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly map: Y.Map<unknown>,
    private readonly deps: FileSyncDeps,
  ) {
    this.map.observe(this.onMapChange);
    void this.loadRemote([...this.map.keys()]);
  }

  /** Call with Excalidraw's `files` from onChange. */
  onLocalFiles(files: Readonly<Record<string, LocalFile>>): void {
    for (const id of Object.keys(files)) {
      if (this.handled.has(id)) continue;
      this.handled.add(id);
      if (this.map.has(id) || !this.deps.canWrite) continue;
      const file = files[id];
      if (file) void this.uploadOne(file);
    }
  }

  destroy(): void {
    this.map.unobserve(this.onMapChange);
  }

  private readonly onMapChange = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (transaction.origin === LOCAL_ORIGIN) return;
    void this.loadRemote([...event.keysChanged]);
  };

  private async uploadOne(file: LocalFile): Promise<void> {
    let uploaded: UploadedImage;
    try {
      const blob = dataURLToBlob(file.dataURL);
      uploaded = await this.deps.upload(blob, `${file.id}.${extensionFor(file.mimeType)}`);
    } catch (error) {
      this.handled.delete(file.id);
      this.deps.uploadFinished(file.id, false, (error as Error).message);
      return;
    }
    const record: FileRecord = {
      id: file.id,
      mimeType: uploaded.mimeType,
      url: uploaded.url,
      created: file.created,
    };
    this.doc.transact(() => this.map.set(file.id, record), LOCAL_ORIGIN);
    this.deps.uploadFinished(file.id, true);
  }

  private async loadRemote(keys: string[]): Promise<void> {
    const records = keys
      .filter((key) => !this.handled.has(key))
      .map((key) => asFileRecord(this.map.get(key)))
      .filter((record): record is FileRecord => record !== null);
    await Promise.all(
      records.map(async (record) => {
        this.handled.add(record.id);
        try {
          const blob = await this.deps.download(record.url);
          const dataURL = await blobToDataURL(blob, record.mimeType);
          this.deps.addFiles([{ id: record.id, mimeType: record.mimeType, dataURL, created: record.created }]);
        } catch (error) {
          // Let a later change of the entry (or a reload) try again.
          this.handled.delete(record.id);
          console.warn(`Indaba: could not load image ${record.id}:`, error);
        }
      }),
    );
  }
}
