/**
 * The workshop layer's message catalogue: English, isiZulu and Afrikaans, chosen by the
 * language the server rendered the page in (`language` in the page config).
 *
 * A message is a string with `{name}` parameters, or plural forms keyed by the
 * categories of `Intl.PluralRules` ("one", "other", …) and chosen by the `count` param.
 * A key a catalogue lacks falls back to English (the test fails on any such gap).
 */
import af from "./af.json";
import en from "./en.json";
import zu from "./zu.json";

export type Language = "en" | "zu" | "af";
export type MessageKey = keyof typeof en;
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type Message = string | Plural;
export type Catalogue = Record<MessageKey, Message>;

export const CATALOGUES: Record<Language, Catalogue> = { en, zu, af };
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];

let current: Language = "en";

export function isLanguage(code: unknown): code is Language {
  return typeof code === "string" && (LANGUAGES as string[]).includes(code);
}

/** Sets the language of every later `t()` call; an unknown code means English. */
export function setLanguage(code: string): Language {
  current = isLanguage(code) ? code : "en";
  return current;
}

export function language(): Language {
  return current;
}

function pick(message: Message, count: number | undefined, lang: Language): string {
  if (typeof message === "string") return message;
  const category = new Intl.PluralRules(lang).select(count ?? 0);
  return message[category] ?? message.other;
}

/** The message `key` in the current language with its `{name}` parameters filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, lang: Language = current): string {
  const message = CATALOGUES[lang][key] ?? CATALOGUES.en[key];
  const count = typeof params.count === "number" ? params.count : undefined;
  return pick(message, count, lang).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? new Intl.NumberFormat(lang).format(value) : value;
  });
}
