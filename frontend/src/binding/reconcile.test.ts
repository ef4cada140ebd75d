import { describe, expect, it } from "vitest";
import { reconcile, remoteWins } from "./reconcile";

type E = { id: string; version: number; versionNonce: number; index: string | null; tag?: string };
const el = (id: string, version: number, versionNonce: number, tag = ""): E => ({ id, version, versionNonce, index: null, tag });

describe("remoteWins", () => {
  it("prefers the higher version", () => {
    expect(remoteWins(el("a", 1, 5), el("a", 2, 9))).toBe(true);
    expect(remoteWins(el("a", 3, 5), el("a", 2, 1))).toBe(false);
  });
  it("breaks ties with the lower nonce", () => {
    expect(remoteWins(el("a", 2, 50), el("a", 2, 10))).toBe(true);
    expect(remoteWins(el("a", 2, 10), el("a", 2, 50))).toBe(false);
    expect(remoteWins(el("a", 2, 10), el("a", 2, 10))).toBe(false);
  });
  it("is symmetric: both sides pick the same winner", () => {
    const x = el("a", 4, 123);
    const y = el("a", 4, 99);
    expect(remoteWins(x, y)).toBe(!remoteWins(y, x));
  });
});

describe("reconcile", () => {
  it("replaces older local elements and reports them as applied", () => {
    const result = reconcile([el("a", 1, 1, "old"), el("b", 1, 1)], [el("a", 2, 1, "new")]);
    expect(result.elements.find((e) => e.id === "a")?.tag).toBe("new");
    expect(result.applied).toEqual(["a"]);
    expect(result.keptLocal).toEqual([]);
  });

  it("keeps a newer local element and asks for it to be written back", () => {
    const result = reconcile([el("a", 5, 1, "mine")], [el("a", 3, 1, "theirs")]);
    expect(result.elements[0]?.tag).toBe("mine");
    expect(result.applied).toEqual([]);
    expect(result.keptLocal).toEqual(["a"]);
  });

  it("does not report an identical element as kept", () => {
    const result = reconcile([el("a", 5, 1)], [el("a", 5, 1)]);
    expect(result.keptLocal).toEqual([]);
    expect(result.applied).toEqual([]);
  });

  it("adds remote elements the scene does not have", () => {
    const result = reconcile([el("a", 1, 1)], [el("b", 1, 1)]);
    expect(result.elements.map((e) => e.id)).toEqual(["a", "b"]);
    expect(result.applied).toEqual(["b"]);
  });

  it("never replaces an element being edited locally", () => {
    const result = reconcile([el("a", 1, 1, "typing")], [el("a", 9, 1, "remote")], new Set(["a"]));
    expect(result.elements[0]?.tag).toBe("typing");
    expect(result.keptLocal).toEqual(["a"]);
  });

  it("drops elements whose key was removed from the document", () => {
    const result = reconcile([el("a", 1, 1), el("b", 1, 1)], [], new Set(), new Set(["a"]));
    expect(result.elements.map((e) => e.id)).toEqual(["b"]);
  });

  it("converges: two sides reconciling each other's edits agree", () => {
    const left = [el("a", 3, 40, "L"), el("b", 2, 1, "L")];
    const right = [el("a", 3, 20, "R"), el("b", 4, 1, "R")];
    const onLeft = reconcile(left, right).elements;
    const onRight = reconcile(right, left).elements;
    const tags = (xs: E[]) => Object.fromEntries(xs.map((e) => [e.id, e.tag]));
    expect(tags(onLeft)).toEqual(tags(onRight));
    expect(tags(onLeft)).toEqual({ a: "R", b: "R" });
  });
});
