import { describe as group, expect, it } from "vitest";
import { describe, diffLine, when } from "./history";

group("history labels", () => {
  it("names a version by its reason and name", () => {
    const base = { version: 2, at: "", reason: "named", who: "Lead", elements: 3, restoredFrom: null };
    expect(describe({ ...base, reasonLabel: "Named version", name: "Before lunch" })).toBe("Named version: Before lunch");
    expect(describe({ ...base, reasonLabel: "Vote started", name: "" })).toBe("Vote started");
  });

  it("shows the day only when it is not today", () => {
    const now = new Date(2026, 10, 30, 15, 0);
    expect(when(new Date(2026, 10, 30, 14, 5).toISOString(), now)).not.toMatch(/Nov/);
    expect(when(new Date(2026, 10, 28, 14, 5).toISOString(), now)).toMatch(/28/);
    expect(when("not a date", now)).toBe("");
  });

  it("says what changed with the text before and after", () => {
    expect(diffLine({ id: "a", type: "rectangle", kind: "note", text: "New", before: "Old" })).toBe("note “Old” → “New”");
    expect(diffLine({ id: "b", type: "text", kind: "text", text: "Hi" })).toBe("text “Hi”");
    expect(diffLine({ id: "c", type: "arrow", kind: "arrow", text: "" })).toBe("arrow");
  });
});
