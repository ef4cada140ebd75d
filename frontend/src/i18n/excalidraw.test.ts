import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { matchLangCode } from "./langCode";

/** The locale chunks of the Excalidraw Indaba bundles ("de-DE-XR44H4JA.js" → "de-DE"). */
function excalidrawLocales(): string[] {
  const dir = join(__dirname, "../../node_modules/@excalidraw/excalidraw/dist/prod/locales");
  return readdirSync(dir).map((name) => name.replace(/-[A-Z0-9]{8}\.js$/, "")).filter((code) => code !== "percentages");
}

describe("Excalidraw's own language", () => {
  it("uses Excalidraw's locale for the page language when it has one", () => {
    const codes = ["en", "de-DE", "af-ZA", "zu"];
    expect(matchLangCode("af", codes)).toBe("af-ZA");
    expect(matchLangCode("zu", codes)).toBe("zu");
    expect(matchLangCode("zu", ["en", "zu-ZA"])).toBe("zu-ZA");
    expect(matchLangCode("af", ["en", "de-DE"])).toBeNull();
  });

  it("has no isiZulu or Afrikaans in the Excalidraw Indaba ships, so its menus fall back to English", () => {
    const codes = excalidrawLocales();
    expect(codes).toContain("de-DE");
    expect(codes).toContain("nl-NL");
    // docs/languages.md says so; when a release adds one, this fails and the docs change.
    expect(matchLangCode("zu", codes)).toBeNull();
    expect(matchLangCode("af", codes)).toBeNull();
    expect(matchLangCode("en", codes)).toBe("en");
  });
});
