import { describe, expect, it } from "vitest";
import { isAddStickyKey } from "./keyboard";

const target = (opts: { editable?: boolean; inInput?: boolean } = {}) => ({
  isContentEditable: opts.editable ?? false,
  closest: () => (opts.inInput ? {} : null),
});
const key = (k: string, extra: Partial<KeyboardEvent> = {}, t: unknown = target()) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, repeat: false, target: t, ...extra }) as unknown as KeyboardEvent;

describe("isAddStickyKey", () => {
  it("accepts plain n / N on the canvas", () => {
    expect(isAddStickyKey(key("n"))).toBe(true);
    expect(isAddStickyKey(key("N"))).toBe(true);
  });
  it("ignores modifiers, repeats and other keys", () => {
    expect(isAddStickyKey(key("n", { ctrlKey: true }))).toBe(false);
    expect(isAddStickyKey(key("n", { metaKey: true }))).toBe(false);
    expect(isAddStickyKey(key("n", { repeat: true }))).toBe(false);
    expect(isAddStickyKey(key("m"))).toBe(false);
  });
  it("ignores typing in inputs and editable text", () => {
    expect(isAddStickyKey(key("n", {}, target({ inInput: true })))).toBe(false);
    expect(isAddStickyKey(key("n", {}, target({ editable: true })))).toBe(false);
  });
});
