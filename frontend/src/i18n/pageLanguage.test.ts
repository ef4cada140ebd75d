import { describe, expect, it } from "vitest";
import { keepPageLanguage } from "./pageLanguage";

describe("keepPageLanguage", () => {
  it("sets the page language and puts it back whenever something else writes another", () => {
    const root = { lang: "en" };
    let changed: () => void = () => {};
    let stopped = false;
    const stop = keepPageLanguage("zu", root, (restore) => {
      changed = restore;
      return () => { stopped = true; };
    });
    expect(root.lang).toBe("zu");
    root.lang = "en"; // what Excalidraw's setLanguage() does when the editor mounts
    changed();
    expect(root.lang).toBe("zu");
    stop();
    expect(stopped).toBe(true);
  });

  it("leaves a page already in the person's language alone", () => {
    const writes: string[] = [];
    const root = {
      get lang() { return "af"; },
      set lang(value: string) { writes.push(value); },
    };
    keepPageLanguage("af", root, () => () => {});
    expect(writes).toEqual([]);
  });
});
