import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { LOCAL_ORIGIN } from "./origin";
import { type SceneAdapter, SceneBinding } from "./SceneBinding";

type E = { id: string; version: number; versionNonce: number; index: string | null; x: number };

class FakeScene implements SceneAdapter<E> {
  elements: E[] = [];
  normalize?: (elements: E[]) => E[];
  editing = new Set<string>();
  replaced = 0;
  getElements = () => this.elements;
  getEditingIds = () => this.editing;
  replaceElements = (elements: E[]) => {
    this.replaced++;
    this.elements = elements;
  };
  /** Excalidraw-style mutation: bump version and nonce. */
  move(id: string, x: number) {
    this.elements = this.elements.map((e) =>
      e.id === id ? { ...e, x, version: e.version + 1, versionNonce: Math.floor(Math.random() * 1e9) } : e,
    );
  }
}

const el = (id: string, index: string, x = 0): E => ({ id, version: 1, versionNonce: 1, index, x });

/** Two documents wired together like two browsers through a server. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== "net" && Y.applyUpdate(b, u, "net"));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== "net" && Y.applyUpdate(a, u, "net"));
  return { a, b };
}

describe("SceneBinding", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes only the changed element in one local transaction", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    const scene = new FakeScene();
    scene.elements = [el("a", "a0"), el("b", "a1"), el("c", "a2")];
    const binding = new SceneBinding(doc, map, scene, { canWrite: true, flushIntervalMs: 0 });
    expect(binding.flush()).toBe(3);

    const updates: Array<{ size: number; origin: unknown }> = [];
    doc.on("update", (u: Uint8Array, origin: unknown) => updates.push({ size: u.length, origin }));
    scene.move("b", 100);
    expect(binding.flush()).toBe(1);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.origin).toBe(LOCAL_ORIGIN);
    expect(map.get("b")?.x).toBe(100);
    expect(binding.flush()).toBe(0);
  });

  it("hands remote values to the editor in one key order, whatever order they were written in", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    map.set("a", { id: "a", version: 1, versionNonce: 1, index: "a0", x: 0 });
    map.set("b", { x: 5, index: "a1", versionNonce: 1, version: 1, id: "b" });
    const scene = new FakeScene();
    new SceneBinding(doc, map, scene, { canWrite: true });
    expect(scene.elements.map((e) => Object.keys(e))).toEqual([Object.keys(scene.elements[0]!), Object.keys(scene.elements[0]!)]);
    expect(scene.elements[1]).toEqual({ id: "b", version: 1, versionNonce: 1, index: "a1", x: 5 });
  });

  it("stores plain JSON copies the editor cannot mutate", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    const scene = new FakeScene();
    scene.elements = [el("a", "a0", 5)];
    new SceneBinding(doc, map, scene, { canWrite: true }).flush();
    (scene.elements[0] as { x: number }).x = 999;
    expect(map.get("a")?.x).toBe(5);
  });

  it("never writes for a viewer", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    const scene = new FakeScene();
    scene.elements = [el("a", "a0")];
    const binding = new SceneBinding(doc, map, scene, { canWrite: false });
    binding.onLocalChange();
    vi.runAllTimers();
    expect(binding.flush()).toBe(0);
    expect(map.size).toBe(0);
  });

  it("throttles bursts of local changes into one trailing write", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    const scene = new FakeScene();
    scene.elements = [el("a", "a0")];
    const binding = new SceneBinding(doc, map, scene, { canWrite: true, flushIntervalMs: 50 });
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    binding.onLocalChange(); // leading edge writes at once
    expect(transactions).toBe(1);
    for (let i = 1; i <= 10; i++) {
      scene.move("a", i);
      binding.onLocalChange();
    }
    expect(transactions).toBe(1);
    vi.advanceTimersByTime(50);
    expect(transactions).toBe(2);
    expect(map.get("a")?.x).toBe(10);
  });

  it("applies remote edits to the other scene in index order, without echoing them back", () => {
    const { a, b } = pair();
    const sceneA = new FakeScene();
    const sceneB = new FakeScene();
    const bindingA = new SceneBinding(a, a.getMap<E>("elements"), sceneA, { canWrite: true, flushIntervalMs: 0 });
    const bindingB = new SceneBinding(b, b.getMap<E>("elements"), sceneB, { canWrite: true, flushIntervalMs: 0 });
    sceneA.elements = [el("top", "a5"), el("bottom", "a1")];
    bindingA.flush();
    expect(sceneB.elements.map((e) => e.id)).toEqual(["bottom", "top"]);
    // B's editor fires onChange after the remote scene replacement: nothing to write.
    expect(bindingB.flush()).toBe(0);
  });

  it("ignores a remote value older than the local element and writes the local one back", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    const scene = new FakeScene();
    scene.elements = [{ ...el("a", "a0", 1), version: 5 }];
    const binding = new SceneBinding(doc, map, scene, { canWrite: true, flushIntervalMs: 0 });
    binding.flush();
    doc.transact(() => map.set("a", { ...el("a", "a0", 2), version: 3 }), "remote");
    expect(scene.elements[0]?.x).toBe(1);
    expect(map.get("a")?.version).toBe(5);
  });

  it("converges after concurrent edits of the same element", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const sceneA = new FakeScene();
    const sceneB = new FakeScene();
    const bindingA = new SceneBinding(a, a.getMap<E>("elements"), sceneA, { canWrite: true, flushIntervalMs: 0 });
    const bindingB = new SceneBinding(b, b.getMap<E>("elements"), sceneB, { canWrite: true, flushIntervalMs: 0 });
    sceneA.elements = [el("a", "a0")];
    bindingA.flush();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), "net");
    // Offline edits on both sides: A moves twice (version 3), B once (version 2).
    sceneA.move("a", 10);
    sceneA.move("a", 20);
    bindingA.flush();
    sceneB.move("a", 99);
    bindingB.flush();
    // Reconnect: exchange state both ways, then let write-backs propagate.
    for (let round = 0; round < 3; round++) {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a), "net");
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b), "net");
      vi.runAllTimers();
    }
    expect(sceneA.elements[0]?.x).toBe(20);
    expect(sceneB.elements[0]?.x).toBe(20);
    expect(a.getMap<E>("elements").get("a")?.x).toBe(20);
    expect(b.getMap<E>("elements").get("a")?.x).toBe(20);
  });

  it("loads what the document already holds when created", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    map.set("x", el("x", "a1"));
    map.set("w", el("w", "a0"));
    const scene = new FakeScene();
    new SceneBinding(doc, map, scene, { canWrite: false });
    expect(scene.elements.map((e) => e.id)).toEqual(["w", "x"]);
  });
});

describe("SceneBinding with a normalizing editor", () => {
  it("hands remote values through normalize and skips values that are not elements", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<E>("elements");
    const scene = new FakeScene();
    const seen: E[][] = [];
    scene.normalize = (elements: E[]) => {
      seen.push(elements);
      return elements.map((e) => ({ ...e, x: e.x ?? 0 }));
    };
    new SceneBinding(doc, map, scene, { canWrite: true });
    const remote = new Y.Doc();
    const remoteMap = remote.getMap<unknown>("elements");
    remoteMap.set("ok", { id: "ok", version: 1, versionNonce: 1, index: "a0" }); // no x
    remoteMap.set("junk", 42);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((e) => e.id)).toEqual(["ok"]);
    expect(scene.getElements().map((e) => e.id)).toEqual(["ok"]);
    expect(scene.getElements()[0]!.x).toBe(0);
  });
});
