import { afterEach, describe, expect, it } from "vitest";
import { CATALOGUES, LANGUAGES, type MessageKey, setLanguage, t } from "./index";

const PARAM = /\{(\w+)\}/g;
const params = (text: string): string[] => [...text.matchAll(PARAM)].map((m) => m[1] ?? "").sort();

describe("message catalogue", () => {
  afterEach(() => setLanguage("en"));

  it("has every English key, with the same shape and parameters, in every language", () => {
    const keys = Object.keys(CATALOGUES.en) as MessageKey[];
    for (const lang of LANGUAGES) {
      expect(Object.keys(CATALOGUES[lang]).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const source = CATALOGUES.en[key];
        const message = CATALOGUES[lang][key];
        expect(typeof message, `${lang} ${key}`).toBe(typeof source);
        if (typeof source === "string" && typeof message === "string") {
          expect(message.trim(), `${lang} ${key}`).not.toBe("");
          expect(params(message), `${lang} ${key}`).toEqual(params(source));
        } else if (typeof source === "object" && typeof message === "object") {
          expect(message.other, `${lang} ${key}`).toBeTruthy();
          for (const form of Object.values(message)) expect(params(form), `${lang} ${key}`).toEqual(params(source.other));
        }
      }
    }
  });

  it("translates into the chosen language and fills parameters", () => {
    setLanguage("zu");
    expect(t("rejoin.withCode", { code: "ABC 234" })).toBe("Joyina futhi ngekhodi ABC 234");
    setLanguage("af");
    expect(t("timer.left", { duration: "2 minute" })).toBe("2 minute oor");
  });

  it("chooses plural forms with Intl.PluralRules and formats counts for the language", () => {
    expect(t("votes.left", { count: 1 })).toBe("1 vote left.");
    expect(t("votes.left", { count: 3 })).toBe("3 votes left.");
    expect(t("votes.left", { count: 1 }, "zu")).toBe("Kusele ivoti elingu-1.");
    expect(t("votes.left", { count: 4 }, "zu")).toBe("Kusele amavoti angu-4.");
    expect(t("votes.left", { count: 0 }, "af")).toBe("0 stemme oor.");
    expect(t("vote.started", { count: 1234 }, "af")).toBe("Die stemming het begin: 1\u00a0234 stemme elk.");
  });

  it("falls back to English for a language it does not ship", () => {
    expect(setLanguage("fr")).toBe("en");
    expect(t("timer.up")).toBe("Time's up");
  });
});
