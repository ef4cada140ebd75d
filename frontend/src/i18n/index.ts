/**
 * The workshop layer's message catalogue: English, isiZulu and Afrikaans, chosen by the
 * language the server rendered the page in (`language` in the page config).
 *
 * A message is a string with `{name}` parameters, or plural forms keyed by the
 * categories of `Intl.PluralRules` for the message's own language ("one", "other", …)
 * and chosen by the `count` param. A form may also be keyed by an exact number ("=0"),
 * which wins over the category: isiZulu's CLDR "one" covers 0 as well as 1 (i = 0 or
 * n = 1), so a sentence that reads wrongly for nothing gets its own "=0" form instead of
 * the page second-guessing the plural rules. A key a catalogue lacks falls back to
 * English (the test fails on any such gap).
 */
import af from "./af.json";
import en from "./en.json";
import zu from "./zu.json";

export type Language = "en" | "zu" | "af";
export type MessageKey = keyof typeof en;
type Plural = Partial<Record<Intl.LDMLPluralRule | `=${number}`, string>> & { other: string };
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

/** The locale Intl formats dates and numbers with: the language as spoken in South Africa. */
export function locale(lang: Language = current): string {
  return `${lang}-ZA`;
}

/** The plural form of `message` for `count`, as `Intl.PluralRules` for `lang` chooses it. */
export function pluralForm(message: Plural, count: number, lang: Language): string {
  const exact = message[`=${count}`];
  if (exact !== undefined) return exact;
  return message[new Intl.PluralRules(locale(lang)).select(count)] ?? message.other;
}

function pick(message: Message, count: number | undefined, lang: Language): string {
  if (typeof message === "string") return message;
  return pluralForm(message, count ?? 0, lang);
}

/** A number as the language writes it (decimal comma and spaced thousands in zu/af/en-ZA). */
export function formatNumber(value: number, lang: Language = current): string {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

/** A date and time in the language's own month names and order. */
export function formatDateTime(at: Date, options: Intl.DateTimeFormatOptions, lang: Language = current): string {
  return new Intl.DateTimeFormat(locale(lang), options).format(at);
}

/** The message `key` in the current language with its `{name}` parameters filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, lang: Language = current): string {
  const message = CATALOGUES[lang][key] ?? CATALOGUES.en[key];
  const count = typeof params.count === "number" ? params.count : undefined;
  return pick(message, count, lang).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value, lang) : value;
  });
}

/**
 * The message `key` split around its `{count}`: [text before, `render(count)`, text after],
 * so the number can sit in its own element whatever the language's word order.
 */
export function around<T>(key: MessageKey, count: number, render: (shown: string) => T, lang: Language = current): (string | T)[] {
  const text = pick(CATALOGUES[lang][key] ?? CATALOGUES.en[key], count, lang);
  const [before = "", after = ""] = text.split("{count}");
  return [before, render(formatNumber(count, lang)), after];
}
