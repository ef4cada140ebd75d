import { describe, expect, it } from "vitest";
import { harvestTargets, readHarvest } from "./harvest";

const note = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: "rectangle", customData: { indaba: { kind: "sticky" } }, ...extra });

describe("harvestTargets", () => {
  const scene = [
    { id: "frame", type: "frame" },
    note("n1"),
    { id: "t1", type: "text", containerId: "n1" },
    note("n2"),
    { id: "box", type: "rectangle" },
    note("gone", { isDeleted: true }),
    { id: "free", type: "text", containerId: null },
  ];

  it("takes selected notes and frames in scene order", () => {
    expect(harvestTargets(scene, { n2: true, frame: true })).toEqual(["frame", "n2"]);
  });

  it("counts a selected label as its note, once", () => {
    expect(harvestTargets(scene, { t1: true, n1: true })).toEqual(["n1"]);
  });

  it("ignores shapes, free text, deleted notes and unselected entries", () => {
    expect(harvestTargets(scene, { box: true, free: true, gone: true, n1: false })).toEqual([]);
  });
});

describe("readHarvest", () => {
  it("keeps well-formed records and drops the rest", () => {
    expect(readHarvest({ a: { itemId: 3, at: 5 }, b: { itemId: "x" }, c: null, d: { at: 1 }, e: "no" })).toEqual({
      a: { itemId: 3, at: 5 },
      b: { itemId: "x", at: undefined },
    });
  });
});
