import { describe, expect, it } from "vitest";
import { centreOf, frameAt, frameOf, heightToHold, keepInside } from "./membership";

const frame = (id: string, x: number, y: number, width = 400, height = 600, extra = {}) => ({ id, type: "frame", x, y, width, height, index: `a${id}`, ...extra });

describe("frame membership", () => {
  const frames = [frame("1", 0, 0), frame("2", 500, 0), { id: "r", type: "rectangle", x: 0, y: 0, width: 2000, height: 2000, index: "a9" }];
  it("finds the frame holding a point, and none outside frames", () => {
    expect(frameAt(frames, { x: 100, y: 100 })?.id).toBe("1");
    expect(frameAt(frames, { x: 600, y: 10 })?.id).toBe("2");
    expect(frameAt(frames, { x: 450, y: 100 })).toBeNull();
  });
  it("takes the top-most of overlapping frames and skips deleted ones", () => {
    const stacked = [frame("b", 0, 0), frame("a", 50, 50, 100, 100), frame("c", 0, 0, 80, 80, { isDeleted: true })];
    expect(frameAt(stacked, { x: 60, y: 60 })?.id).toBe("b"); // "ab" sorts after "aa"
    expect(frameAt([frame("a", 0, 0), frame("b", 50, 50, 100, 100)], { x: 60, y: 60 })?.id).toBe("b");
  });
  it("judges a box by its centre", () => {
    expect(centreOf({ x: 390, y: 10, width: 200, height: 200 })).toEqual({ x: 490, y: 110 });
    expect(frameOf(frames, { x: 300, y: 10, width: 200, height: 200 })?.id).toBe("1");
    expect(frameOf(frames, { x: 390, y: 10, width: 200, height: 200 })).toBeNull();
  });
  it("moves a box whose centre is inside fully inside, when it fits", () => {
    expect(keepInside({ x: 300, y: -50, width: 200, height: 200 }, frame("1", 0, 0))).toEqual({ x: 180, y: 20 });
    expect(keepInside({ x: 10, y: 10, width: 500, height: 200 }, frame("1", 0, 0))).toEqual({ x: 10, y: 20 });
  });
  it("says how tall a frame must grow to hold its notes", () => {
    expect(heightToHold(frame("1", 0, 100), [{ x: 20, y: 500, width: 200, height: 200 }])).toBe(620);
    expect(heightToHold(frame("1", 0, 100), [{ x: 20, y: 120, width: 200, height: 200 }])).toBeNull();
    expect(heightToHold(frame("1", 0, 100), [])).toBeNull();
  });
});
