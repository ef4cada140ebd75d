import { describe, expect, it } from "vitest";
import { changedElements } from "./diff";
import type { SeenVersion } from "./types";

const el = (id: string, version: number, versionNonce = 1) => ({ id, version, versionNonce, index: null });

describe("changedElements", () => {
  it("returns nothing when every version matches", () => {
    const seen = new Map<string, SeenVersion>([["a", { version: 2, versionNonce: 7 }]]);
    expect(changedElements([el("a", 2, 7)], seen)).toEqual([]);
  });

  it("returns only the element whose version moved", () => {
    const seen = new Map<string, SeenVersion>([
      ["a", { version: 1, versionNonce: 1 }],
      ["b", { version: 5, versionNonce: 1 }],
    ]);
    const result = changedElements([el("a", 1), el("b", 6)], seen);
    expect(result.map((e) => e.id)).toEqual(["b"]);
  });

  it("treats a new nonce at the same version as a change", () => {
    const seen = new Map<string, SeenVersion>([["a", { version: 3, versionNonce: 10 }]]);
    expect(changedElements([el("a", 3, 11)], seen)).toHaveLength(1);
  });

  it("returns elements never seen before", () => {
    expect(changedElements([el("new", 1)], new Map())).toHaveLength(1);
  });
});
