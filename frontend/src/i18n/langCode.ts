import { type Language, locale } from "./index";

/**
 * Which of a library's locale codes fits `lang`: the South African one ("af-ZA") first,
 * then any of that language ("af", "af-NA"); null when there is none.
 */
export function matchLangCode(lang: Language, codes: readonly string[]): string | null {
  if (codes.includes(locale(lang))) return locale(lang);
  return codes.find((code) => code === lang || code.startsWith(`${lang}-`)) ?? null;
}
