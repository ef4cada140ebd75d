import { afterEach, describe, expect, it } from "vitest";
import { around, CATALOGUES, formatDateTime, formatNumber, LANGUAGES, locale, type MessageKey, pluralForm, setLanguage, t } from "./index";
import review from "./review.json";

const PARAM = /\{(\w+)\}/g;
const params = (text: string): string[] => [...text.matchAll(PARAM)].map((m) => m[1] ?? "").sort();

describe("message catalogue", () => {
  afterEach(() => setLanguage("en"));

  it("has every English key, with the same shape and parameters, in every language", () => {
    const keys = Object.keys(CATALOGUES.en) as MessageKey[];
    for (const lang of LANGUAGES) {
      expect(Object.keys(CATALOGUES[lang]).sort()).toEqual([...keys].sort());
      const categories = new Intl.PluralRules(locale(lang)).resolvedOptions().pluralCategories;
      for (const key of keys) {
        const source = CATALOGUES.en[key];
        const message = CATALOGUES[lang][key];
        expect(typeof message, `${lang} ${key}`).toBe(typeof source);
        if (typeof source === "string" && typeof message === "string") {
          expect(message.trim(), `${lang} ${key}`).not.toBe("");
          expect(params(message), `${lang} ${key}`).toEqual(params(source));
        } else if (typeof source === "object" && typeof message === "object") {
          // Every form the language's plural rules can ask for, and only those (or an exact "=n").
          for (const category of categories) expect(message[category], `${lang} ${key} ${category}`).toBeTruthy();
          for (const form of Object.keys(message)) expect(categories.includes(form as Intl.LDMLPluralRule) || /^=\d+$/.test(form), `${lang} ${key} ${form}`).toBe(true);
          for (const [form, text] of Object.entries(message)) {
            // An exact form ("=0") may say the number in words and leave {count} out.
            const expected = params(source.other).filter((p) => !(form.startsWith("=") && p === "count" && !params(text ?? "").includes("count")));
            expect(params(text ?? ""), `${lang} ${key} ${form}`).toEqual(expected);
          }
        }
      }
    }
  });

  it("says how 0 reads wherever the language's rules put 0 with 1 and the forms differ", () => {
    // isiZulu: CLDR's "one" is i = 0 or n = 1, so a singular "one" form would say
    // "ivoti elingu-0"; such a message needs its own "=0".
    for (const lang of LANGUAGES) {
      if (new Intl.PluralRules(locale(lang)).select(0) !== "one") continue;
      for (const [key, message] of Object.entries(CATALOGUES[lang])) {
        if (typeof message !== "object" || message.one === message.other) continue;
        expect(message["=0"], `${lang} ${key}`).toBeTruthy();
      }
    }
    expect(t("votes.left", { count: 0 }, "zu")).toBe("Kusele amavoti angu-0.");
  });

  it("marks for review only keys the catalogue has, with a reason", () => {
    for (const [lang, marks] of Object.entries(review)) {
      expect(LANGUAGES).toContain(lang);
      for (const [key, why] of Object.entries(marks)) {
        expect(CATALOGUES.en, `${lang} ${key}`).toHaveProperty([key]);
        expect(why.length, `${lang} ${key}`).toBeGreaterThan(10);
      }
    }
  });

  it("translates into the chosen language and fills parameters", () => {
    setLanguage("zu");
    expect(t("rejoin.withCode", { code: "ABC 234" })).toBe("Joyina futhi ngekhodi ABC 234");
    setLanguage("af");
    expect(t("timer.left", { duration: "2 minute" })).toBe("2 minute oor");
  });

  it("chooses plural forms as Intl.PluralRules does for the language, for 0, 1 and 2", () => {
    for (const lang of LANGUAGES) {
      const rules = new Intl.PluralRules(locale(lang));
      const message = { one: "one", other: "other" };
      for (const n of [0, 1, 2]) expect(pluralForm(message, n, lang), `${lang} ${n}`).toBe(rules.select(n));
    }
    // CLDR: isiZulu's "one" is i = 0 or n = 1, so 0 takes the "one" form; English and
    // Afrikaans put 0 with "other".
    expect(new Intl.PluralRules("zu-ZA").select(0)).toBe("one");
    expect(t("votes.count", { count: 0 }, "en")).toBe("0 votes");
    expect(t("votes.count", { count: 1 }, "en")).toBe("1 vote");
    expect(t("votes.count", { count: 2 }, "en")).toBe("2 votes");
    expect(t("votes.count", { count: 0 }, "af")).toBe("0 stemme");
    expect(t("votes.count", { count: 1 }, "af")).toBe("1 stem");
    expect(t("votes.count", { count: 2 }, "af")).toBe("2 stemme");
    expect(t("votes.count", { count: 1 }, "zu")).toBe("ivoti elingu-1");
    expect(t("votes.count", { count: 2 }, "zu")).toBe("amavoti angu-2");
    // "one" would say "ivoti elingu-0": the catalogue's exact "=0" form wins over the category.
    expect(t("votes.count", { count: 0 }, "zu")).toBe("amavoti angu-0");
    expect(t("vote.castShort", { count: 0 }, "zu")).toBe("Ivoti lifakiwe. Awekho amavoti asele.");
    // Without an exact form, 0 follows the rules: "one" in isiZulu.
    expect(pluralForm({ one: "A", other: "B" }, 0, "zu")).toBe("A");
    expect(pluralForm({ one: "A", other: "B" }, 0, "af")).toBe("B");
  });

  it("formats counts, numbers and dates for the language as spoken in South Africa", () => {
    expect(t("vote.started", { count: 1234 }, "af")).toBe("Die stemming het begin: 1\u00a0234 stemme elk.");
    expect(formatNumber(1234.5, "af")).toBe(new Intl.NumberFormat("af-ZA").format(1234.5));
    expect(formatNumber(1234.5, "en")).toBe(new Intl.NumberFormat("en-ZA").format(1234.5));
    const at = new Date(2026, 11, 1, 14, 5);
    expect(formatDateTime(at, { day: "numeric", month: "long" }, "af")).toBe("1 Desember");
    expect(formatDateTime(at, { day: "numeric", month: "long" }, "zu")).toMatch(/Disemba/);
    expect(formatDateTime(at, { day: "numeric", month: "long" }, "en")).toBe("1 December");
  });

  it("splits a message around its count, whatever the word order", () => {
    expect(around("vote.remaining", 3, (n) => `[${n}]`, "en")).toEqual(["", "[3]", " votes left"]);
    expect(around("vote.remaining", 1, (n) => `[${n}]`, "zu")).toEqual(["Kusele ivoti elingu-", "[1]", ""]);
  });

  it("falls back to English for a language it does not ship", () => {
    expect(setLanguage("fr")).toBe("en");
    expect(t("timer.up")).toBe("Time's up");
  });
});
