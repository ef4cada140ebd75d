import { describe, expect, it } from "vitest";
import { contrastRatio, STICKY_COLORS, STICKY_TEXT_COLOR } from "./palette";
import { readSticky, stickyCustomData } from "./customData";
import { viewportCenter } from "./viewport";

describe("sticky palette", () => {
  it("computes WCAG contrast correctly", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it.each(STICKY_COLORS.map((c) => [c.name, c.background]))("%s keeps dark text at 4.5:1 or better", (_name, bg) => {
    expect(contrastRatio(STICKY_TEXT_COLOR, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it("has 5–6 colours with unique names and ids", () => {
    expect(STICKY_COLORS.length).toBeGreaterThanOrEqual(5);
    expect(STICKY_COLORS.length).toBeLessThanOrEqual(6);
    expect(new Set(STICKY_COLORS.map((c) => c.name)).size).toBe(STICKY_COLORS.length);
    expect(new Set(STICKY_COLORS.map((c) => c.id)).size).toBe(STICKY_COLORS.length);
  });
});

describe("sticky customData", () => {
  it("round-trips author and colour", () => {
    const data = stickyCustomData("Ada", "#ffec99");
    expect(readSticky({ customData: data })).toEqual({ kind: "sticky", author: "Ada", color: "#ffec99" });
  });
  it("carries the author id when given", () => {
    expect(stickyCustomData("Ada", "#ffec99", "tok1").indaba.authorId).toBe("tok1");
    expect("authorId" in stickyCustomData("Ada", "#ffec99").indaba).toBe(false);
  });
  it("rejects other elements", () => {
    expect(readSticky({})).toBeNull();
    expect(readSticky({ customData: { indaba: { kind: "vote" } } })).toBeNull();
  });
});

describe("viewportCenter", () => {
  it("maps the viewport centre to scene coordinates", () => {
    const centre = viewportCenter({ width: 1000, height: 800, scrollX: -100, scrollY: 50, zoom: { value: 2 } });
    expect(centre).toEqual({ x: 350, y: 150 });
  });
});
