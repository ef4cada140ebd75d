import { describe, expect, it } from "vitest";
import { fileNameFor } from "./download";

describe("fileNameFor", () => {
  it("keeps words, drops path and control characters", () => {
    expect(fileNameFor("Sprint 12 / retro: what's next?", "png")).toBe("Sprint-12-retro-whats-next.png");
    expect(fileNameFor("../../etc/passwd", "svg")).toBe("etcpasswd.svg");
  });
  it("falls back to 'board'", () => {
    expect(fileNameFor("  ", "excalidraw")).toBe("board.excalidraw");
    expect(fileNameFor("★☆", "png")).toBe("board.png");
  });
});
