import { describe, expect, it } from "vitest";
import { ServerClock } from "./clock";
import { parseFacilitationConfig } from "./config";
import { sentence } from "./api";
import { ago, nextSort, sortPeople, type PersonEngagement } from "./engagement";
import { scrollFor, viewOf } from "./follow";
import { type Home, leftLockedFrames, lockViolations } from "./lock";
import { shouldFloat } from "./reactions";
import { formatDuration, isFinished, readTimer, remainingMs, spokenDuration } from "./timer";
import { frames, ranking, readVote, stickyNotes } from "./votes";

describe("timer", () => {
  const running = readTimer({ state: "running", startedAt: 1_000, durationMs: 60_000 });
  it("counts down from the shared start time", () => {
    expect(remainingMs(running, 1_000)).toBe(60_000);
    expect(remainingMs(running, 31_000)).toBe(30_000);
    expect(remainingMs(running, 99_000)).toBe(0);
    expect(isFinished(running, 61_000)).toBe(true);
  });
  it("holds still while paused and is zero when stopped", () => {
    expect(remainingMs(readTimer({ state: "paused", remainingMs: 12_000 }), 5e12)).toBe(12_000);
    expect(remainingMs(readTimer({ state: "bogus" }), 0)).toBe(0);
  });
  it("formats and speaks durations", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(59_001)).toBe("1:00");
    expect(formatDuration(3_600_000 + 61_000)).toBe("1:01:01");
    expect(spokenDuration(90_000)).toBe("1 minute 30 seconds");
    expect(spokenDuration(0)).toBe("0 seconds");
  });
  it("corrects for the server clock", () => {
    const clock = new ServerClock(10_000, 4_000);
    expect(clock.now(5_000)).toBe(11_000);
  });
});

describe("votes", () => {
  const elements = [
    { id: "f", type: "frame", name: "Ideas" },
    { id: "a", type: "rectangle", frameId: "f", customData: { indaba: { kind: "sticky", author: "Ada" } } },
    { id: "ta", type: "text", containerId: "a", originalText: "Alpha" },
    { id: "b", type: "rectangle", frameId: null, customData: { indaba: { kind: "sticky", author: "Bo" } } },
    { id: "tb", type: "text", containerId: "b", text: "Beta" },
    { id: "c", type: "rectangle", isDeleted: true, customData: { indaba: { kind: "sticky", author: "C" } } },
  ];
  it("lists the notes in the vote's scope", () => {
    expect(stickyNotes(elements).map((n) => n.text)).toEqual(["Alpha", "Beta"]);
    expect(stickyNotes(elements, "f").map((n) => n.id)).toEqual(["a"]);
    expect(frames(elements)).toEqual([{ id: "f", name: "Ideas" }]);
  });
  it("ranks with shared ranks for ties", () => {
    const notes = stickyNotes(elements);
    expect(ranking({ b: 2, a: 2, x: 1, z: 0 }, notes)).toEqual([
      { id: "a", text: "Alpha", count: 2, rank: 1 },
      { id: "b", text: "Beta", count: 2, rank: 1 },
      { id: "x", text: "(note removed)", count: 1, rank: 3 },
    ]);
  });
  it("reads results only once revealed", () => {
    expect(readVote({ state: "open", results: { a: 1 } }).results).toBeNull();
    expect(readVote({ state: "revealed", results: { a: 1 } }).results).toEqual({ a: 1 });
    expect(readVote({}).state).toBe("none");
  });
});

describe("reactions", () => {
  it("floats a new recent reaction once", () => {
    const last = { emoji: "👍", name: "Ada", at: 1_000, nonce: "n1" };
    expect(shouldFloat(last, new Set(), 2_000)).toBe(true);
    expect(shouldFloat(last, new Set(["n1"]), 2_000)).toBe(false);
    expect(shouldFloat(last, new Set(), 60_000)).toBe(false);
  });
});

describe("follow", () => {
  it("puts the leader's centre at the follower's centre", () => {
    const view = viewOf({ width: 1000, height: 800, scrollX: -100, scrollY: 50, zoom: { value: 2 } });
    const scroll = scrollFor(view, 400, 600);
    expect(viewOf({ width: 400, height: 600, ...scroll, zoom: { value: 2 } })).toEqual(view);
  });
});

describe("locks", () => {
  it("finds moved or unlocked locked elements", () => {
    const locks = { f: { x: 0, y: 0 } };
    expect(lockViolations([{ id: "f", x: 0, y: 0, locked: true }], locks)).toEqual([]);
    expect(lockViolations([{ id: "f", x: 5, y: 0, locked: true }], locks)).toEqual([{ id: "f", x: 0, y: 0 }]);
    expect(lockViolations([{ id: "f", x: 0, y: 0, locked: false }], locks)).toHaveLength(1);
    expect(lockViolations([{ id: "g", x: 9, y: 9, locked: false }], locks)).toEqual([]);
  });
});

describe("engagement and config", () => {
  it("says how long ago", () => {
    expect(ago(null, 0)).toBe("never");
    expect(ago(new Date(0).toISOString(), 90_000)).toBe("2 min ago");
  });
  it("sorts the room first", () => {
    const p = (name: string, presence: PersonEngagement["presence"]): PersonEngagement => ({
      id: name, name, presence, notes: 0, votes: 0, reactions: 0, lastActivity: null, contributed: false,
    });
    expect(sortPeople([p("Zed", "online"), p("Bo", ""), p("Ama", "in_room")]).map((x) => x.name)).toEqual(["Ama", "Zed", "Bo"]);
  });
  it("parses the facilitation fields", () => {
    expect(parseFacilitationConfig({ token: "t", facilitationUrl: "/b/x/facilitation", canFacilitate: true, serverNow: 5 }, 9)).toEqual({
      canFacilitate: true, participantId: "", facilitationUrl: "/b/x/facilitation", historyUrl: "/b/x/history", serverNow: 5, token: "t", knowledgeUrl: "",
    });
    expect(parseFacilitationConfig({ token: "t", facilitationUrl: "/f", historyUrl: "/h" }, 9)?.historyUrl).toBe("/h");
    expect(parseFacilitationConfig({ token: "t" }, 9)).toBeNull();
  });
});

describe("timer never counts more than was set", () => {
  it("clamps when this page's clock runs behind the server's", () => {
    const started = readTimer({ state: "running", startedAt: 100_000, durationMs: 180_000 });
    expect(remainingMs(started, 0)).toBe(180_000);
    expect(spokenDuration(remainingMs(started, 100_000))).toBe("3 minutes");
  });
});

describe("locked frames keep their notes", () => {
  const frame = { x: 0, y: 0, width: 400, height: 600 };
  const n = (x: number, frameId: string | null) => ({ id: "n", x, y: 10, width: 200, height: 200, frameId });
  it("puts back a note dragged out of a locked frame, and lets it move inside", () => {
    const homes = new Map<string, Home>();
    const locked = new Map([["f", frame]]);
    expect(leftLockedFrames([n(10, "f")], locked, homes)).toEqual([]);
    expect(leftLockedFrames([n(40, "f")], locked, homes)).toEqual([]);
    expect(leftLockedFrames([n(900, null)], locked, homes)).toEqual([{ id: "n", x: 40, y: 10, frameId: "f" }]);
  });
  it("puts back a note dragged off a locked frame that still claims it (out of sight)", () => {
    const homes = new Map<string, Home>();
    const locked = new Map([["f", frame]]);
    leftLockedFrames([n(10, "f")], locked, homes);
    expect(leftLockedFrames([n(900, "f")], locked, homes)).toEqual([{ id: "n", x: 10, y: 10, frameId: "f" }]);
  });
  it("lets notes leave a frame once it is unlocked, and ignores notes never in one", () => {
    const homes = new Map<string, Home>([["n", { x: 1, y: 1, frameId: "f" }]]);
    expect(leftLockedFrames([n(900, null)], new Map(), homes)).toEqual([]);
    expect(leftLockedFrames([{ ...n(0, null), id: "m" }], new Map([["f", frame]]), new Map())).toEqual([]);
  });
});

describe("engagement for a room of 60", () => {
  const p = (name: string, presence: PersonEngagement["presence"], notes: number, last: string | null = null): PersonEngagement => ({
    id: name, name, presence, notes, votes: 0, reactions: 0, lastActivity: last, contributed: notes > 0,
  });
  const people = [p("Zed", "online", 1), p("Bo", "in_room", 5), p("Ama", "in_room", 0), p("Cy", "", 3, "2030-01-01T10:00:00Z")];
  it("sorts by any column, most first for numbers, and flips on a second click", () => {
    const byNotes = nextSort({ key: "presence", descending: false }, "notes");
    expect(byNotes).toEqual({ key: "notes", descending: true });
    expect(sortPeople(people, byNotes).map((x) => x.name)).toEqual(["Bo", "Cy", "Zed", "Ama"]);
    expect(sortPeople(people, nextSort(byNotes, "notes")).map((x) => x.name)).toEqual(["Ama", "Zed", "Cy", "Bo"]);
    expect(sortPeople(people, { key: "name", descending: false }).map((x) => x.name)).toEqual(["Ama", "Bo", "Cy", "Zed"]);
    expect(sortPeople(people, { key: "lastActivity", descending: true })[0]!.name).toBe("Cy");
  });
});

describe("server errors as sentences", () => {
  it("capitalises and ends the server's clause", () => {
    expect(sentence("no vote is open")).toBe("No vote is open.");
    expect(sentence("Done!")).toBe("Done!");
  });
});
