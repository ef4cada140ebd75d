import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Every stylesheet of the board and phone pages. */
function stylesheets(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return stylesheets(path);
    return name.endsWith(".css") ? [path] : [];
  });
}

/** Selectors of rules that animate (an `animation` other than none). */
function animatedSelectors(css: string): string[] {
  const found: string[] = [];
  for (const match of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const [, selector, body] = match as unknown as [string, string, string];
    if (/(^|;|\s)animation\s*:\s*(?!none)/.test(body)) found.push(...selector.split(",").map((s) => s.trim()));
  }
  return found;
}

/** Selectors whose animation is turned off inside a prefers-reduced-motion: reduce block. */
function stilledSelectors(css: string): Set<string> {
  const stilled = new Set<string>();
  for (const block of css.matchAll(/@media\s*\(prefers-reduced-motion:\s*reduce\)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}/g)) {
    for (const match of (block[1] ?? "").matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      if (/animation\s*:\s*none/.test(match[2] ?? "")) for (const s of (match[1] ?? "").split(",")) stilled.add(s.trim());
    }
  }
  return stilled;
}

describe("prefers-reduced-motion", () => {
  const files = stylesheets(join(__dirname, ".."));
  it("finds the stylesheets and the animations in them", () => {
    expect(files.length).toBeGreaterThan(2);
    // The floating reactions and the timer's pulse: the parser must see them to check them.
    const all = files.flatMap((f) => animatedSelectors(readFileSync(f, "utf8")));
    expect(all).toEqual(expect.arrayContaining([".indaba-floater"]));
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
  it.each(files)("%s turns off every animation it starts", (file) => {
    const css = readFileSync(file, "utf8");
    const stilled = stilledSelectors(css);
    const outsideMedia = css.replace(/@media\s*\(prefers-reduced-motion:[^{]*\{((?:[^{}]*\{[^{}]*\})*)\s*\}/g, "");
    expect(animatedSelectors(outsideMedia).filter((s) => !stilled.has(s))).toEqual([]);
  });
});
