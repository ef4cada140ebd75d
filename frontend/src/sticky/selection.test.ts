import { describe, expect, it } from "vitest";
import { selectedStickies } from "./selection";

describe("selectedStickies", () => {
  const note = { id: "n", type: "rectangle", customData: { indaba: { kind: "sticky", author: "A", color: "#ffec99" } } };
  const label = { id: "t", type: "text", containerId: "n" };
  const shape = { id: "s", type: "ellipse" };
  it("counts a note's text as its note", () => {
    expect(selectedStickies([note, label, shape], { t: true })).toEqual(["n"]);
    expect(selectedStickies([note, label, shape], { n: true, t: true })).toEqual(["n"]);
    expect(selectedStickies([note, label, shape], {}, "t")).toEqual(["n"]);
  });
  it("is empty when anything else is selected too", () => {
    expect(selectedStickies([note, label, shape], { n: true, s: true })).toEqual([]);
    expect(selectedStickies([note, label, shape], {})).toEqual([]);
  });
});
