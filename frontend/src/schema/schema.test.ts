import { describe, expect, it } from "vitest";
import { CLIENT_WRITABLE_ROOTS, CLOSE_CODES, colourFill, DEFAULT_COLOR, ELEMENT_DEFAULTS, elementDefaults, PALETTE, ROOTS, STICKY, WORKSHOP_ROOTS } from ".";

describe("board schema (src/indaba/boards/schema/board-document.json)", () => {
  it("names the document's roots", () => {
    expect(ROOTS).toEqual({ elements: "elements", files: "files", timer: "timer", vote: "vote", facilitation: "facilitation", reactions: "reactions", locks: "locks", harvest: "harvest" });
    expect([...CLIENT_WRITABLE_ROOTS].sort()).toEqual(["elements", "files"]);
    expect(WORKSHOP_ROOTS).toEqual(["timer", "vote", "facilitation", "reactions", "locks", "harvest"]);
  });
  it("gives the sticky note's shape", () => {
    expect(STICKY).toMatchObject({ width: 200, textWidth: 180, fontFamily: 5, roundness: { type: 3 } });
  });
  it("has a palette with the default colour in it", () => {
    expect(PALETTE.map((c) => c.id)).toContain(DEFAULT_COLOR.id);
    expect(colourFill(DEFAULT_COLOR.id)).toBe(DEFAULT_COLOR.background);
    expect(colourFill("#123456")).toBe("#123456");
  });
  it("hands out fresh element defaults", () => {
    const a = elementDefaults();
    a.groupIds.push("x" as never);
    expect(ELEMENT_DEFAULTS.groupIds).toEqual([]);
    expect(elementDefaults().groupIds).toEqual([]);
  });
  it("reads close codes by number", () => {
    expect(CLOSE_CODES[4401]).toEqual({ name: "UNAUTHORIZED", reconnect: false });
    expect(CLOSE_CODES[1000]?.reconnect).toBe(true);
  });
});
