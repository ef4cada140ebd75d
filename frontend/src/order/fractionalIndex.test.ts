import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compareByIndex, indexAfter, keyBetween, lastIndex, nKeysBetween } from "./fractionalIndex";

interface Vectors {
  between: { a: string | null; b: string | null; key?: string; error?: boolean }[];
  nKeys: { a: string | null; b: string | null; n: number; keys: string[] }[];
  appended: [number, string][];
}

// Made from the npm package Excalidraw uses; the Python side is tested against the same file.
const vectors = JSON.parse(readFileSync(resolve(__dirname, "../../../tests/fixtures/fractional-index-vectors.json"), "utf-8")) as Vectors;

describe("fractional indices (tests/fixtures/fractional-index-vectors.json)", () => {
  it.each(vectors.between.map((v) => [v.a, v.b, v] as const))("between %s and %s", (a, b, v) => {
    if (v.error) expect(() => keyBetween(a, b)).toThrow();
    else expect(keyBetween(a, b)).toBe(v.key);
  });
  it.each(vectors.nKeys.map((v) => [v.n, v.a, v.b, v] as const))("%i keys between %s and %s", (n, a, b, v) => {
    expect(nKeysBetween(a, b, n)).toEqual(v.keys);
  });
  it("appends one key after another as indexAfter does", () => {
    const wanted = new Map(vectors.appended);
    const last = Math.max(...wanted.keys());
    let key: string | null = null;
    for (let i = 0; i <= last; i++) {
      key = indexAfter(key);
      if (wanted.has(i)) expect([i, key]).toEqual([i, wanted.get(i)]);
    }
  });
});

describe("indexAfter / lastIndex / compareByIndex", () => {
  it("starts at a0", () => {
    expect(indexAfter(null)).toBe("a0");
    expect(indexAfter("")).toBe("a0");
    expect(indexAfter("Zz")).toBe("a0");
    expect(indexAfter("a0V")).toBe("a1");
  });
  it("finds the last index, deleted elements included, and the new one sorts after it", () => {
    const elements = [{ index: "a5" }, { index: "b0A", isDeleted: true }, { index: null }, { index: "a7" }];
    const last = lastIndex(elements);
    expect(last).toBe("b0A");
    expect(indexAfter(last) > last!).toBe(true);
    expect(lastIndex([])).toBeNull();
  });
  it("orders by index, then id", () => {
    const sorted = [{ id: "b", index: "a1" }, { id: "a", index: "a1" }, { id: "c", index: "a0" }].sort(compareByIndex);
    expect(sorted.map((e) => e.id)).toEqual(["c", "a", "b"]);
  });
});
