import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { collaboratorsFrom, peersFrom } from "./collaborators";
import { LocalPresence } from "./LocalPresence";
import { throttle } from "./throttle";
import type { PresenceState } from "./types";

describe("collaboratorsFrom", () => {
  const states = new Map<number, unknown>([
    [1, { user: { name: "Me", color: "#112233" } }],
    [2, { user: { name: "Ada", color: "#aa0000" }, pointer: { x: 10, y: 20, tool: "pointer" }, selectedElementIds: { e1: true }, idle: true }],
    [3, { user: { name: "Bob", color: "red" } }], // invalid colour: ignored
    [4, null],
  ]);

  it("maps other clients to Excalidraw collaborators", () => {
    const result = collaboratorsFrom(states, 1);
    expect([...result.keys()]).toEqual(["2"]);
    const ada = result.get("2" as never);
    expect(ada?.username).toBe("Ada");
    expect(ada?.color).toEqual({ background: "#aa0000", stroke: "#aa0000" });
    expect(ada?.pointer).toEqual({ x: 10, y: 20, tool: "pointer" });
    expect(ada?.selectedElementIds).toEqual({ e1: true });
    expect(ada?.userState).toBe("idle");
  });

  it("drops a non-finite pointer", () => {
    const bad = new Map<number, unknown>([[5, { user: { name: "X", color: "#000000" }, pointer: { x: NaN, y: 1 } }]]);
    expect(collaboratorsFrom(bad, 1).get("5" as never)?.pointer).toBeUndefined();
  });

  it("lists peers sorted by name with their idle flag", () => {
    const more = new Map(states).set(6, { user: { name: "Aaron", color: "#00aa00" } });
    expect(peersFrom(more, 1).map((p) => [p.name, p.idle])).toEqual([
      ["Aaron", false],
      ["Ada", true],
    ]);
  });
});

describe("LocalPresence", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const awareness = new Awareness(new Y.Doc());
    const presence = new LocalPresence(awareness, { name: "Me", color: "#123456" });
    const local = () => awareness.getLocalState() as PresenceState;
    return { awareness, presence, local };
  };

  it("publishes the user at once", () => {
    const { local } = setup();
    expect(local().user).toEqual({ name: "Me", color: "#123456" });
    expect(local().idle).toBe(false);
  });

  it("keeps fields other modules set before it started", () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalStateField("follow", { leader: 7 });
    new LocalPresence(awareness, { name: "Me", color: "#123456" });
    const state = awareness.getLocalState() as Record<string, unknown>;
    expect(state.follow).toEqual({ leader: 7 });
    expect(state.user).toEqual({ name: "Me", color: "#123456" });
  });

  it("throttles pointer updates to about 20 per second", () => {
    const { awareness, presence, local } = setup();
    let changes = 0;
    awareness.on("change", () => changes++);
    for (let i = 0; i < 100; i++) {
      presence.pointerMoved(i, i, "pointer");
      vi.advanceTimersByTime(10); // 100 moves over one second
    }
    vi.advanceTimersByTime(100);
    expect(changes).toBeGreaterThanOrEqual(18);
    expect(changes).toBeLessThanOrEqual(22);
    expect(local().pointer).toEqual({ x: 99, y: 99, tool: "pointer" });
  });

  it("turns idle after 60 s without pointer movement and active on the next move", () => {
    const { presence, local } = setup();
    vi.advanceTimersByTime(59_000);
    expect(local().idle).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(local().idle).toBe(true);
    presence.pointerMoved(1, 1, "pointer");
    expect(local().idle).toBe(false);
  });

  it("publishes a selection only when it changes", () => {
    const { awareness, presence, local } = setup();
    let changes = 0;
    awareness.on("change", () => changes++);
    presence.selectionChanged({ b: true, a: true });
    presence.selectionChanged({ a: true, b: true });
    expect(changes).toBe(1);
    expect(local().selectedElementIds).toEqual({ a: true, b: true });
  });
});

describe("throttle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  it("calls at once, then once more with the last arguments", () => {
    const calls: number[] = [];
    const t = throttle((n: number) => calls.push(n), 100);
    t(1);
    t(2);
    t(3);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([1, 3]);
  });
});
