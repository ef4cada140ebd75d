import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { blobToDataURL, dataURLToBlob } from "./dataUrl";
import { asFileRecord } from "./fileRecord";
import { FileSync, type FileSyncDeps, type LocalFile } from "./FileSync";
import { uploadImage, UploadError } from "./upload";

const PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgo=";
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("data URLs", () => {
  it("round-trips bytes and type", async () => {
    const blob = dataURLToBlob(PNG_DATA_URL);
    expect(blob.type).toBe("image/png");
    expect(blob.size).toBe(8);
    expect(await blobToDataURL(blob)).toBe(PNG_DATA_URL);
  });
});

describe("asFileRecord", () => {
  it("accepts same-origin paths only", () => {
    const base = { id: "f", mimeType: "image/png", created: 1 };
    expect(asFileRecord({ ...base, url: "/boards/b/images/abc" })?.url).toBe("/boards/b/images/abc");
    expect(asFileRecord({ ...base, url: "https://evil.example/x.png" })).toBeNull();
    expect(asFileRecord({ ...base, url: "//evil.example/x.png" })).toBeNull();
    expect(asFileRecord({ id: "f" })).toBeNull();
  });
});

describe("uploadImage", () => {
  it("posts multipart 'file' with a Bearer token and returns the record", async () => {
    const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      expect((init?.headers as Record<string, string>).Authorization).toBe("Bearer tok");
      expect((init?.body as FormData).get("file")).toBeInstanceOf(Blob);
      return new Response(JSON.stringify({ id: "sha", url: "/boards/b/images/sha", mimeType: "image/png" }), { status: 201 });
    });
    const result = await uploadImage("/boards/b/images", "tok", new Blob(["x"]), "a.png", fetchImpl as typeof fetch);
    expect(result).toEqual({ id: "sha", url: "/boards/b/images/sha", mimeType: "image/png" });
  });

  it("raises the server's message on 4xx", async () => {
    const fetchImpl = async () => new Response(JSON.stringify({ error: "Image is larger than 10 MB" }), { status: 413 });
    await expect(uploadImage("/u", "t", new Blob(["x"]), "a.png", fetchImpl as typeof fetch)).rejects.toEqual(
      new UploadError("Image is larger than 10 MB", 413),
    );
  });
});

function deps(overrides: Partial<FileSyncDeps> = {}) {
  const finished: Array<[string, boolean, string | undefined]> = [];
  const added: LocalFile[] = [];
  const d: FileSyncDeps = {
    canWrite: true,
    upload: vi.fn(async () => ({ id: "sha", url: "/boards/b/images/sha", mimeType: "image/png" })),
    download: vi.fn(async () => dataURLToBlob(PNG_DATA_URL)),
    addFiles: (files) => added.push(...files),
    uploadFinished: (id, ok, message) => finished.push([id, ok, message]),
    ...overrides,
  };
  return { d, finished, added };
}

const localFile: LocalFile = { id: "file1", mimeType: "image/png", dataURL: PNG_DATA_URL, created: 42 };

describe("FileSync", () => {
  it("uploads a new local file once and records it without bytes", async () => {
    const doc = new Y.Doc();
    const map = doc.getMap("files");
    const { d, finished } = deps();
    const sync = new FileSync(doc, map, d);
    sync.onLocalFiles({ file1: localFile });
    sync.onLocalFiles({ file1: localFile });
    await flush();
    expect(d.upload).toHaveBeenCalledTimes(1);
    expect(map.get("file1")).toEqual({ id: "file1", mimeType: "image/png", url: "/boards/b/images/sha", created: 42 });
    expect(finished).toEqual([["file1", true, undefined]]);
  });

  it("reports the server's error and writes nothing", async () => {
    const doc = new Y.Doc();
    const map = doc.getMap("files");
    const { d, finished } = deps({ upload: async () => Promise.reject(new UploadError("Unsupported image type", 415)) });
    new FileSync(doc, map, d).onLocalFiles({ file1: localFile });
    await flush();
    expect(map.size).toBe(0);
    expect(finished).toEqual([["file1", false, "Unsupported image type"]]);
  });

  it("never uploads for a viewer", async () => {
    const doc = new Y.Doc();
    const { d } = deps({ canWrite: false });
    new FileSync(doc, doc.getMap("files"), d).onLocalFiles({ file1: localFile });
    await flush();
    expect(d.upload).not.toHaveBeenCalled();
  });

  it("downloads files recorded by others and adds them to the editor", async () => {
    const doc = new Y.Doc();
    const map = doc.getMap("files");
    const { d, added } = deps();
    new FileSync(doc, map, d);
    doc.transact(() => map.set("f2", { id: "f2", mimeType: "image/png", url: "/boards/b/images/x", created: 7 }), "remote");
    await flush();
    await flush();
    expect(d.download).toHaveBeenCalledWith("/boards/b/images/x");
    expect(added).toEqual([{ id: "f2", mimeType: "image/png", dataURL: PNG_DATA_URL, created: 7 }]);
  });
});
