/**
 * The TypeScript sticky-note builder makes what Python's `builders.sticky_note` makes:
 * tests/fixtures/sticky-note-vectors.json (written by tests/fixtures/make_sticky_note_vectors.py)
 * gives each case's input and Python's [rectangle, label], random fields taken out and ids
 * replaced by their role.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { stickyNote, stickyNoteHeight } from "./stickyNote";

interface Case {
  input: { text: string; x: number; y: number; author: string; authorId: string; color: string; frameId: string | null; after: string | null; now: number };
  expected: [Record<string, unknown>, Record<string, unknown>];
}

const { cases } = JSON.parse(readFileSync(resolve(__dirname, "../../../tests/fixtures/sticky-note-vectors.json"), "utf-8")) as { cases: Case[] };

const RANDOM_FIELDS = ["id", "seed", "versionNonce"];

/** As the fixture's maker does: random fields out, ids replaced by "BOX" / "LABEL". */
function strip(element: Record<string, unknown>, ids: Record<string, string>): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(element).filter(([key]) => !RANDOM_FIELDS.includes(key)));
  if (out.containerId) out.containerId = ids[out.containerId as string];
  if (out.boundElements) out.boundElements = (out.boundElements as { id: string }[]).map((b) => ({ ...b, id: ids[b.id] }));
  return out;
}

describe("stickyNote matches Python's builders.sticky_note", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases.map((c) => [JSON.stringify(c.input.text).slice(0, 40), c] as const))("%s", (_name, { input, expected }) => {
    const [box, label] = stickyNote({ ...input, random: Math.random });
    const ids = { [box.id]: "BOX", [label.id]: "LABEL" };
    // Numbers compare as numbers (Python writes 10.0, JSON.parse reads 10).
    expect([strip({ ...box }, ids), strip({ ...label }, ids)]).toStrictEqual(expected);
    expect(box.height).toBe(stickyNoteHeight(input.text));
  });
});

describe("stickyNote", () => {
  it("uses given ids and draws distinct random ones otherwise", () => {
    const [box, label] = stickyNote({ text: "x", x: 0, y: 0, author: "A", after: null, ids: { box: "b", label: "l" } });
    expect([box.id, label.id, label.containerId, box.boundElements[0]!.id]).toEqual(["b", "l", "b", "l"]);
    const [other] = stickyNote({ text: "x", x: 0, y: 0, author: "A", after: null });
    expect(other.id).toMatch(/^[A-Za-z0-9]{21}$/);
    expect(other.seed).toBeGreaterThanOrEqual(1);
  });
  it("gives an empty note one (empty) line", () => {
    const [box, label] = stickyNote({ text: "  ", x: 0, y: 0, author: "A", after: "a0" });
    expect([label.text, label.originalText, box.height, box.index, label.index]).toEqual(["", "", 200, "a1", "a2"]);
  });
});
