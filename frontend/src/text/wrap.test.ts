import { describe, expect, it } from "vitest";
import { pyStrip, textwrap, wrapText } from "./wrap";

describe("wrapText (Python's textwrap.wrap, as builders.wrap_text uses it)", () => {
  it("wraps at 15 columns for a 180 px note at 20 px", () => {
    expect(wrapText("The room mic worked well today")).toBe("The room mic\nworked well\ntoday");
  });
  it("breaks words longer than a line, filling the line first, and keeps paragraphs", () => {
    expect(wrapText("Supercalifragilisticexpialidocious\nok")).toBe("Supercalifragil\nisticexpialidoc\nious\nok");
    expect(wrapText("ome hyphenated-words here")).toBe("ome hyphenated-\nwords here");
  });
  it("keeps short text as it is, and a blank paragraph as an empty line", () => {
    expect(wrapText("Hi")).toBe("Hi");
    expect(wrapText("a\n\nb")).toBe("a\n\nb");
    expect(wrapText("")).toBe("");
  });
  it("expands tabs and keeps runs of spaces inside a line, dropping them at line ends", () => {
    expect(wrapText("tabs\tand   many    spaces")).toBe("tabs    and\nmany    spaces");
    expect(textwrap("a      b", 3)).toEqual(["a", "b"]);
  });
  it("counts code points, as Python does", () => {
    expect(wrapText("and emoji 👍 in them")).toBe("and emoji 👍 in\nthem");
  });
  it("strips what Python's str.strip strips", () => {
    expect(pyStrip("\u00a0 x \u3000\n")).toBe("x");
    expect(pyStrip("\ufeffx")).toBe("\ufeffx");
  });
});
