import { describe, expect, it } from "vitest";
import { orderByIndex } from "./order";

const el = (id: string, index: string | null) => ({ id, version: 1, versionNonce: 1, index });

describe("orderByIndex", () => {
  it("sorts by fractional index, string order", () => {
    const ids = orderByIndex([el("c", "a2"), el("a", "a0"), el("b", "a1"), el("d", "Zz")]).map((e) => e.id);
    expect(ids).toEqual(["d", "a", "b", "c"]);
  });

  it("breaks equal indices by id so every client agrees", () => {
    const one = orderByIndex([el("y", "a1"), el("x", "a1")]).map((e) => e.id);
    const two = orderByIndex([el("x", "a1"), el("y", "a1")]).map((e) => e.id);
    expect(one).toEqual(["x", "y"]);
    expect(two).toEqual(one);
  });

  it("keeps unindexed elements last, in their given order", () => {
    const ids = orderByIndex([el("n2", null), el("i", "a0"), el("n1", null)]).map((e) => e.id);
    expect(ids).toEqual(["i", "n2", "n1"]);
  });

  it("does not mutate its input", () => {
    const input = [el("b", "a1"), el("a", "a0")];
    orderByIndex(input);
    expect(input.map((e) => e.id)).toEqual(["b", "a"]);
  });
});

describe("orderByIndex on already ordered input", () => {
  it("returns an equal copy", () => {
    const input = [el("a", "a0"), el("b", "a1"), el("n", null)];
    const out = orderByIndex(input);
    expect(out).not.toBe(input);
    expect(out.map((e) => e.id)).toEqual(["a", "b", "n"]);
  });
  it("still sorts when an indexed element follows an unindexed one", () => {
    expect(orderByIndex([el("n", null), el("a", "a0")]).map((e) => e.id)).toEqual(["a", "n"]);
  });
});
