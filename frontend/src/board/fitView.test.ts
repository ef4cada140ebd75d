import { describe, expect, it } from "vitest";
import { contentBounds, fitView } from "./fitView";
import { focusIds, focusOn } from "./firstView";

const toViewport = (x: number, scroll: number, zoom: number): number => (x + scroll) * zoom;

describe("the first view", () => {
  const demo = contentBounds([
    { x: 40, y: 40, width: 900, height: 45 },
    { x: 40, y: 130, width: 440, height: 620 },
    { x: 1000, y: 130, width: 440, height: 620 },
    { x: 5000, y: 5000, width: 10, height: 10, isDeleted: true },
  ])!;
  it("bounds live content only", () => {
    expect(demo).toEqual({ minX: 40, minY: 40, maxX: 1440, maxY: 750 });
    expect(contentBounds([])).toBeNull();
  });
  it("fits the content inside the insets, centred", () => {
    const insets = { top: 80, right: 16, bottom: 70, left: 16 };
    const view = fitView(demo, { width: 1046, height: 720 }, insets);
    expect(view.zoom).toBeCloseTo(1014 / 1400, 5);
    const left = toViewport(demo.minX, view.scrollX, view.zoom);
    const right = toViewport(demo.maxX, view.scrollX, view.zoom);
    const top = toViewport(demo.minY, view.scrollY, view.zoom);
    const bottom = toViewport(demo.maxY, view.scrollY, view.zoom);
    expect(left).toBeCloseTo(16, 5);
    expect(right).toBeCloseTo(1030, 5);
    expect(top).toBeGreaterThanOrEqual(80);
    expect(bottom).toBeLessThanOrEqual(720 - 70);
  });
  it("never zooms a small board in past 100 %", () => {
    const view = fitView({ minX: 0, minY: 0, maxX: 100, maxY: 100 }, { width: 1000, height: 800 }, { top: 0, right: 0, bottom: 0, left: 0 });
    expect(view.zoom).toBe(1);
    expect(toViewport(50, view.scrollX, 1)).toBe(500);
  });
});

describe("focus from the address", () => {
  it("keeps only element ids, at most 200", () => {
    expect(focusIds("?focus=abc,d_e-f,<script>,,x%20y")).toEqual(["abc", "d_e-f"]);
    expect(focusIds("?other=1")).toEqual([]);
    expect(focusIds(`?focus=${Array.from({ length: 300 }, (_, i) => `e${i}`).join(",")}`)).toHaveLength(200);
  });

  it("shows the focused notes with their labels and selects the notes", () => {
    const elements = [{ id: "n1" }, { id: "t1", containerId: "n1" }, { id: "n2" }, { id: "other" }];
    expect(focusOn(elements, ["n1", "gone"])).toEqual({ shown: [elements[0], elements[1]], selected: ["n1"] });
    expect(focusOn(elements, [])).toEqual({ shown: [], selected: [] });
  });
});
