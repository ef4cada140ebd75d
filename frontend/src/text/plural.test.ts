import { describe, expect, it } from "vitest";
import { agree, count } from "./plural";

describe("counts in words", () => {
  it("uses the singular for exactly one", () => {
    expect(count(1, "vote")).toBe("1 vote");
    expect(count(0, "vote")).toBe("0 votes");
    expect(count(2, "vote")).toBe("2 votes");
  });
  it("knows people, and takes an explicit plural", () => {
    expect(count(1, "person")).toBe("1 person");
    expect(count(30, "person")).toBe("30 people");
    expect(count(2, "reaction")).toBe("2 reactions");
    expect(count(3, "child", "children")).toBe("3 children");
    expect(agree(1, "is")).toBe("is");
    expect(agree(4, "is")).toBe("are");
  });
});
