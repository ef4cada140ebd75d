import { describe, expect, it } from "vitest";
import { STICKY_COLORS } from "../sticky/palette";
import { buildNote, type DocElement, frameChoices, framesToRegrow, NOTE_SIZE, overlaps, placeNote, voteList } from "./notes";

const frame = (id: string, x: number, y: number, width: number, height: number, name = id): DocElement => ({ id, type: "frame", x, y, width, height, name, index: "a0" });
const rect = (id: string, x: number, y: number, extra: Partial<DocElement> = {}): DocElement => ({ id, type: "rectangle", x, y, width: NOTE_SIZE, height: NOTE_SIZE, ...extra });
const sticky = (id: string, frameId: string | null, text: string, extra: Partial<DocElement> = {}): DocElement[] => [
  { ...rect(id, 0, 0), frameId, customData: { indaba: { kind: "sticky", author: "A", color: "#ffec99" } }, ...extra },
  { id: `${id}-t`, type: "text", x: 0, y: 0, width: 180, height: 25, containerId: id, frameId, originalText: text, text },
];
const seq = (): (() => number) => {
  let n = 0;
  return () => ((n = (n * 9301 + 49297) % 233280) / 233280);
};

describe("placeNote", () => {
  const f = frame("f1", 100, 100, 700, 500);
  it("puts the first note at the frame's top left margin", () => {
    expect(placeNote([f], f)).toEqual({ x: 120, y: 120 });
  });
  it("never overlaps notes already in the frame and stays inside it", () => {
    const elements: DocElement[] = [f, rect("n1", 120, 120), rect("n2", 340, 120)];
    for (let i = 0; i < 3; i++) {
      const at = placeNote(elements, f);
      const box = { ...at, width: NOTE_SIZE, height: NOTE_SIZE };
      for (const e of elements.filter((e) => e.type !== "frame")) expect(overlaps(box, e)).toBe(false);
      expect(box.x).toBeGreaterThanOrEqual(f.x);
      expect(box.y).toBeGreaterThanOrEqual(f.y);
      expect(box.x + box.width).toBeLessThanOrEqual(f.x + f.width);
      expect(box.y + box.height).toBeLessThanOrEqual(f.y + f.height);
      elements.push(rect(`p${i}`, at.x, at.y));
    }
  });
  it("in a full frame, starts a new row under what is there instead of covering a note", () => {
    const small = frame("s", 0, 0, 240, 240);
    const at = placeNote([small, rect("x", 20, 20)], small);
    expect(at).toEqual({ x: 20, y: 230 });
    expect(overlaps({ ...at, width: NOTE_SIZE, height: NOTE_SIZE }, rect("x", 20, 20))).toBe(false);
  });
  it("anywhere: avoids elements and frame areas", () => {
    const elements = [f, rect("n1", 820, 100)];
    const at = placeNote(elements, null);
    const box = { ...at, width: NOTE_SIZE, height: NOTE_SIZE };
    for (const e of elements) expect(overlaps(box, e)).toBe(false);
    expect(placeNote([], null)).toEqual({ x: 0, y: 0 });
  });
});

describe("buildNote", () => {
  it("builds a sticky note like the board's: rectangle + bound wrapped text, in the frame, after the last index", () => {
    const f = frame("f1", 100, 100, 700, 500, "Ideas");
    const elements: DocElement[] = [f, ...sticky("old", "f1", "x", { x: 120, y: 120, index: "a3" })];
    const { rectangle: box, label, grownFrame } = buildNote(elements, { text: "  The room mic worked well today ", author: "Amahle", authorId: "tok1", color: STICKY_COLORS[1]!.background, frame: f }, seq(), 1000);
    expect(grownFrame).toBeNull();
    expect(box).toMatchObject({ type: "rectangle", frameId: "f1", width: 200, height: 200, backgroundColor: "#ffd8a8", strokeColor: "transparent", roundness: { type: 3 }, index: "a4", isDeleted: false });
    expect(box.customData).toEqual({ indaba: { kind: "sticky", author: "Amahle", color: "#ffd8a8", authorId: "tok1" } });
    expect(box.boundElements).toEqual([{ id: label.id, type: "text" }]);
    expect(label).toMatchObject({ type: "text", containerId: box.id, frameId: "f1", text: "The room mic\nworked well\ntoday", originalText: "The room mic worked well today", textAlign: "center", verticalAlign: "middle", fontSize: 20 });
    expect((label.index as string) > (box.index as string)).toBe(true);
    expect(overlaps(box as unknown as DocElement, elements[1]!)).toBe(false);
    expect(box.x as number).toBeGreaterThanOrEqual(100);
  });
  it("grows the note for long text", () => {
    const { rectangle: box, label } = buildNote([], { text: "word ".repeat(60), author: "A", color: "#ffec99", frame: null }, seq());
    expect(box.height as number).toBeGreaterThan(200);
    expect((label.y as number) >= (box.y as number)).toBe(true);
  });
});

describe("voteList / frameChoices", () => {
  const elements: DocElement[] = [
    frame("f1", 0, 0, 500, 500, "Went well"),
    frame("f2", 600, 0, 500, 500, "To change"),
    ...sticky("a", "f1", "Mic", { y: 50 }),
    ...sticky("b", "f2", "Chat"),
    ...sticky("c", "f1", "Gone", { isDeleted: true }),
    ...sticky("d", null, "Loose", { y: 900 }),
    rect("plain", 10, 10),
  ];
  it("lists the live sticky notes in the vote's frame, with their text", () => {
    expect(voteList(elements, "f1")).toEqual([{ id: "a", text: "Mic" }]);
  });
  it("lists every live sticky note for a whole-board vote, in reading order", () => {
    expect(voteList(elements, null).map((n) => n.text)).toEqual(["Chat", "Mic", "Loose"]);
  });
  it("offers frames by name", () => {
    expect(frameChoices(elements)).toEqual([{ id: "f1", name: "Went well" }, { id: "f2", name: "To change" }]);
  });
});

describe("placeNote in the demo's frames", () => {
  it("fits a second note beside the first in a 440 px frame, under the heading", () => {
    const f = frame("ideas", 1000, 130, 440, 620, "Ideas");
    const heading: DocElement = { id: "h", type: "text", x: 1020, y: 146, width: 369.6, height: 20, frameId: "ideas" };
    const elements: DocElement[] = [f, heading, { ...rect("n", 1020, 190), height: 140, frameId: "ideas" }];
    const placed: DocElement[] = [];
    // Room for three more 200 px notes: beside the first, below it, below the second.
    for (let i = 0; i < 3; i++) {
      const at = placeNote([...elements, ...placed], f);
      const box = { id: `p${i}`, type: "rectangle", ...at, width: NOTE_SIZE, height: NOTE_SIZE };
      for (const other of [...elements.slice(1), ...placed]) expect(overlaps(box, other)).toBe(false);
      expect(box.x + box.width).toBeLessThanOrEqual(f.x + f.width);
      expect(box.y + box.height).toBeLessThanOrEqual(f.y + f.height);
      placed.push(box);
    }
    expect(placed.map((p) => [p.x, p.y])).toEqual([[1230, 176], [1020, 340], [1230, 386]]);
  });
});

describe("a full frame grows", () => {
  const f = { ...frame("f", 0, 0, 440, 240, "Ideas"), version: 3 };
  const full: DocElement[] = [f, ...sticky("a", "f", "A", { x: 20, y: 20 }), ...sticky("b", "f", "B", { x: 230, y: 20 })];
  it("puts the note in a new row, in the frame, and makes the frame tall enough", () => {
    const { rectangle, label, grownFrame } = buildNote(full, { text: "More", author: "A", color: "#ffec99", frame: f }, seq(), 5);
    expect([rectangle.x, rectangle.y]).toEqual([20, 230]);
    expect(rectangle.frameId).toBe("f");
    expect(label.frameId).toBe("f");
    expect(grownFrame).toMatchObject({ id: "f", height: 450, version: 4, updated: 5 });
  });
  it("grows a frame again when another phone's change made it short", () => {
    const mine = { ...rect("m", 20, 230), frameId: "f" };
    const regrown = framesToRegrow([f, mine], new Set(["m"]), seq(), 9);
    expect(regrown).toEqual([expect.objectContaining({ id: "f", height: 450, version: 4 })]);
    expect(framesToRegrow([{ ...f, height: 450 }, mine], new Set(["m"]))).toEqual([]);
    expect(framesToRegrow([f, mine], new Set())).toEqual([]);
  });
});

describe("notes from the phone belong to the frame holding them", () => {
  it("gives no frame to a note placed anywhere", () => {
    const elements: DocElement[] = [frame("f", 0, 0, 440, 600)];
    const { rectangle } = buildNote(elements, { text: "Loose", author: "A", color: "#ffec99", frame: null }, seq());
    expect(rectangle.frameId).toBeNull();
  });
});
