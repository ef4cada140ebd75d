import { describe, expect, it } from "vitest";
import { STICKY } from "../schema";
import { wrapText } from "../text/wrap";
import { boardOutline, describeChanges, editedNote, OUTSIDE_FRAMES, type OutlineElement } from "./model";
import { t } from "../i18n";

const sticky = (id: string, x: number, y: number, frameId: string | null, author = "Ada"): OutlineElement => ({
  id, type: "rectangle", x, y, width: 200, height: 200, frameId, version: 3, customData: { indaba: { kind: "sticky", author } },
});
const label = (id: string, of: string, text: string): OutlineElement => ({ id, type: "text", containerId: of, text, originalText: text, x: 0, y: 0, version: 2 });
const frame = (id: string, name: string, x: number, y: number): OutlineElement => ({ id, type: "frame", name, x, y, width: 800, height: 600 });

const BOARD: OutlineElement[] = [
  frame("f2", "Next steps", 0, 1000),
  frame("f1", "Ideas", 0, 0),
  sticky("n2", 300, 20, "f1"),
  label("t2", "n2", "Second"),
  sticky("n1", 20, 20, "f1", "Sipho"),
  label("t1", "n1", "First"),
  sticky("n3", 2000, 0, null),
  label("t3", "n3", "Loose"),
  { ...sticky("gone", 50, 50, "f1"), isDeleted: true },
  { id: "r", type: "rectangle", x: 0, y: 0 },
];

describe("boardOutline", () => {
  it("lists frames in reading order with their notes, then the notes outside frames", () => {
    const outline = boardOutline(BOARD, null, new Set());
    expect(outline.map((f) => f.name)).toEqual(["Ideas", "Next steps", t(OUTSIDE_FRAMES)]);
    expect(outline[0]!.notes.map((n) => [n.text, n.author])).toEqual([["First", "Sipho"], ["Second", "Ada"]]);
    expect(outline[1]!.notes).toEqual([]);
    expect(outline[2]!.notes.map((n) => n.text)).toEqual(["Loose"]);
    expect(outline[0]!.notes[0]!.votes).toBeNull();
  });

  it("shows revealed votes and the harvested state (of the note or its frame)", () => {
    const outline = boardOutline(BOARD, { n2: 3 }, new Set(["n3", "f2"]));
    expect(outline[0]!.notes.map((n) => [n.votes, n.harvested])).toEqual([[0, false], [3, false]]);
    expect(outline[2]!.notes[0]!.harvested).toBe(true);
  });

  it("leaves out the 'not in a frame' group when every note is in a frame", () => {
    const outline = boardOutline(BOARD.filter((e) => e.id !== "n3"), null, new Set());
    expect(outline.map((f) => f.id)).toEqual(["f1", "f2"]);
  });
});

describe("describeChanges", () => {
  const before = boardOutline(BOARD, null, new Set());
  it("says nothing when nothing changed", () => {
    expect(describeChanges(before, boardOutline(BOARD, null, new Set()))).toBeNull();
  });
  it("tells added notes per frame, edits, moves and removals in one sentence", () => {
    const after = boardOutline([
      ...BOARD.filter((e) => e.id !== "n3" && e.id !== "t1" && e.id !== "n2"),
      label("t1", "n1", "First, edited"),
      sticky("n2", 300, 20, "f2"),
      sticky("n4", 40, 300, "f1"), label("t4", "n4", "New"),
      sticky("n5", 40, 1100, "f2"), label("t5", "n5", "New too"),
      sticky("n6", 60, 1100, "f2"), label("t6", "n6", "And another"),
    ], null, new Set());
    expect(describeChanges(before, after)).toBe(
      "1 note added in Ideas. 2 notes added in Next steps. 1 note changed. 1 note moved to another frame. 1 note removed.");
  });
  it("tells frames added", () => {
    expect(describeChanges(before, boardOutline([...BOARD, frame("f3", "Risks", 0, 3000)], null, new Set()))).toBe("1 frame added.");
  });
});

describe("editedNote", () => {
  it("re-wraps the label, resizes the note and bumps both versions", () => {
    const long = "A much longer note that will need several lines on the sticky note to be read whole";
    const edited = editedNote(BOARD, "n1", `  ${long} `, () => 0.5, 1234);
    expect(edited).not.toBeNull();
    const [box, text] = edited!;
    expect(text.originalText).toBe(long);
    expect(text.text).toBe(wrapText(long));
    expect(text.version).toBe(3);
    expect(box.version).toBe(4);
    expect(box.updated).toBe(1234);
    expect(box.height).toBeGreaterThanOrEqual(STICKY.minHeight);
    expect((text.y ?? 0) + (text.height as number)).toBeLessThanOrEqual((box.y ?? 0) + (box.height as number));
  });
  it("returns null for a note that is gone", () => {
    expect(editedNote(BOARD, "gone", "x")).toBeNull();
    expect(editedNote(BOARD, "nope", "x")).toBeNull();
  });
});
