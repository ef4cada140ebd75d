import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { scanSource } from "./scan";

const SRC = join(__dirname, "..");

/** The board page's and phone page's own code: every word people read comes from the catalogue. */
const FOLDERS = ["facilitation", "listview", "history", "phone", "connection", "export", "session", "ui", "sticky", "board"];

/**
 * Strings the scan takes for prose that are not words anyone reads, each with its reason.
 * Keyed by "file: text" so an entry allows one string in one file only.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  "facilitation/reactions.ts: Thumbs up": "a reaction's stable id (test ids, the document); people read its `label`",
  "facilitation/reactions.ts: Love": "reaction id, as above",
  "facilitation/reactions.ts: Laugh": "reaction id, as above",
  "facilitation/reactions.ts: Celebrate": "reaction id, as above",
  "facilitation/reactions.ts: Thinking": "reaction id, as above",
  "facilitation/reactions.ts: Applause": "reaction id, as above",
  "ui/BoardHeader.tsx: Indaba": "the product's name, the same in every language",
  "sticky/palette.ts: Expected a #rrggbb colour, got …": "a developer's error for a malformed palette entry in the schema, caught by the palette tests",
  "ui/StickyToolbar.tsx: N": "the keyboard key that adds a note, not a word",
  "board/start.tsx: Missing <div id=\" … \"> in the page": "a developer's error: without the root element there is no page to show it on",
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("no hard-coded visible text", () => {
  it("finds English written into JSX, attributes, the phone page's DOM and messages", () => {
    const probe = [
      'const a = <p title="Close it">Hello there</p>;',
      'const b = <input placeholder={"Your idea"} aria-label={`Vote for ${x}`} />;',
      'h("button", { "aria-label": "Take back" }, "Vote");',
      'onError(`Select a note first.`);',
      'throw new Error("No connection right now.");',
      'const ok = <p className="indaba-x" data-testid="a-b">{t("timer.up")}</p>;',
      'if (state === "open") console.warn("Something odd happened");',
      'import { x } from "../some/Thing";',
    ].join("\n");
    const found = scanSource("probe.tsx", probe).map((f) => f.text);
    expect(found).toEqual(["Close it", "Hello there", "Your idea", "Vote for …", "Take back", "Vote", "Select a note first.", "No connection right now."]);
  });

  it.each(FOLDERS)("%s/ takes every visible string from the catalogue", (folder) => {
    const findings = sources(join(SRC, folder)).flatMap((path) => {
      const file = relative(SRC, path);
      const allowed = new Set(Object.keys(ALLOWED).filter((k) => k.startsWith(`${file}: `)).map((k) => k.slice(file.length + 2)));
      return scanSource(file, readFileSync(path, "utf8"), allowed).map((f) => `${f.file}:${f.line}: ${f.text}`);
    });
    expect(findings).toEqual([]);
  });
});
