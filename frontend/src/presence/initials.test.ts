import { describe, expect, it } from "vitest";
import { initials } from "./initials";

describe("initials", () => {
  it("uses the first and last words that start with a letter", () => {
    expect(initials("Thandi Nkosi (facilitator)")).toBe("TN");
    expect(initials("Dr N. Mahlangu")).toBe("DM");
    expect(initials("  lerato  ")).toBe("L");
    expect(initials("Émile Zola")).toBe("ÉZ");
  });

  it("falls back to a question mark", () => {
    expect(initials("")).toBe("?");
    expect(initials("(guest) 42")).toBe("?");
  });
});
