import { describe, expect, it } from "vitest";
import { sanitizeElement, sanitizeElements } from "./sanitize";

describe("sanitizeElement", () => {
  it("leaves a complete element exactly as it is", () => {
    const complete = {
      id: "a", type: "rectangle", x: 1, y: 2, width: 3, height: 4, angle: 0, strokeColor: "#000",
      backgroundColor: "transparent", fillStyle: "solid", strokeWidth: 2, strokeStyle: "solid",
      roughness: 1, opacity: 100, groupIds: ["g"], frameId: null, roundness: null, seed: 5,
      version: 9, versionNonce: 7, isDeleted: false, boundElements: [{ id: "t", type: "text" }],
      updated: 1, link: null, locked: false, index: "a0",
    };
    expect(sanitizeElement(complete)).toBe(complete);
  });

  it("fills only the missing fields", () => {
    const partial = { id: "p", type: "rectangle", x: 5, version: 2, versionNonce: 1, index: "a0" };
    const fixed = sanitizeElement(partial) as unknown as Record<string, unknown>;
    expect(fixed).toMatchObject({ id: "p", x: 5, version: 2, versionNonce: 1, index: "a0", groupIds: [], angle: 0 });
    expect(partial).not.toHaveProperty("groupIds");
  });

  it("repairs arrays of the wrong shape and gives text its fields", () => {
    const text = sanitizeElement({ id: "t", type: "text", groupIds: "oops" }) as unknown as Record<string, unknown>;
    expect(text.groupIds).toEqual([]);
    expect(text.text).toBe("");
    expect(text.fontSize).toBe(20);
  });

  it("drops values of a type Excalidraw cannot draw", () => {
    expect(sanitizeElements([{ id: "x", type: "hologram" }, { id: "y" } as never, { id: "z", type: "ellipse" }]).map((e) => e.id)).toEqual(["z"]);
  });

  it("drops a type named like an Object property (the defaults are looked up, not inherited)", () => {
    expect(sanitizeElements([{ id: "c", type: "constructor" }, { id: "s", type: "toString" }, { id: "r", type: "rectangle" }]).map((e) => e.id)).toEqual(["r"]);
  });

  it("gives every element a default of its own (the shared defaults table is never handed out)", () => {
    const [a, b] = sanitizeElements([{ id: "a", type: "line" }, { id: "b", type: "line" }]) as unknown as { groupIds: string[]; points: number[][] }[];
    a!.groupIds.push("g");
    a!.points[0]![0] = 9;
    expect(b!.groupIds).toEqual([]);
    expect(b!.points).toEqual([[0, 0]]);
  });
});
