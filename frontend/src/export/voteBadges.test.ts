import { describe, expect, it } from "vitest";
import { voteBadges } from "./voteBadges";

describe("vote badges in exports", () => {
  const notes = [
    { id: "a", x: 0, y: 100, width: 200 },
    { id: "b", x: 300, y: 100, width: 200 },
    { id: "gone", x: 0, y: 0, width: 10, isDeleted: true },
  ];
  it("puts a worded badge on each voted note only", () => {
    const badges = voteBadges({ a: 1, b: 3, gone: 2 }, notes);
    expect(badges.map((b) => [b.noteId, b.text])).toEqual([["a", "1 vote"], ["b", "3 votes"]]);
    const b = badges[1]!;
    expect(b.x + b.width).toBe(300 + 200 + 12);
    expect(b.y).toBe(85);
  });
  it("adds nothing before the results are revealed", () => {
    expect(voteBadges(null, notes)).toEqual([]);
  });
});
