/**
 * Counts in words: "1 vote", "2 votes", "1 person", "3 people". The one place the page
 * chooses a plural (English; the server uses Django's ngettext / pluralize).
 */
const IRREGULAR: Readonly<Record<string, string>> = { person: "people", is: "are", was: "were", has: "have" };

export function pluralOf(word: string): string {
  return IRREGULAR[word] ?? `${word}s`;
}

/** `n` and the word, singular for exactly one. */
export function count(n: number, singular: string, plural: string = pluralOf(singular)): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The word alone, agreeing with `n` ("is" / "are"). */
export function agree(n: number, singular: string, plural: string = pluralOf(singular)): string {
  return n === 1 ? singular : plural;
}
