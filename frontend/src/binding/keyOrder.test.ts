import { describe, expect, it } from "vitest";
import { inCanonicalOrder } from "./keyOrder";

const rectangle = {
  id: "a", type: "rectangle", x: 1, y: 2, width: 3, height: 4, angle: 0, strokeColor: "#000",
  backgroundColor: "transparent", fillStyle: "solid", strokeWidth: 2, strokeStyle: "solid",
  roughness: 1, opacity: 100, groupIds: ["g"], frameId: null, index: "a0", roundness: null, seed: 5,
  version: 9, versionNonce: 7, isDeleted: false, boundElements: [{ id: "t", type: "text" }],
  updated: 1, link: null, locked: false, customData: { indaba: { kind: "sticky" } },
};

const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;

describe("inCanonicalOrder", () => {
  it("gives values written in different key orders the same order", () => {
    const one = inCanonicalOrder(rectangle);
    const other = inCanonicalOrder(reversed({ ...rectangle, id: "b" }));
    expect(Object.keys(other)).toEqual(Object.keys(one));
    expect(Object.keys(one).slice(0, 4)).toEqual(["id", "type", "x", "y"]);
  });

  it("keeps the same keys and the very same values", () => {
    const ordered = inCanonicalOrder(reversed(rectangle));
    expect(ordered).toEqual(rectangle);
    expect(ordered.boundElements).toBe(rectangle.boundElements);
    expect(ordered.customData).toBe(rectangle.customData);
  });

  it("puts fields it does not know last, sorted", () => {
    const ordered = inCanonicalOrder({ zeta: 1, id: "x", alpha: 2, type: "text", text: "hi" });
    expect(Object.keys(ordered)).toEqual(["id", "type", "text", "alpha", "zeta"]);
  });
});
