/** Avatar initials: first and last words that start with a letter ("Thandi Nkosi (facilitator)" → "TN"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((word) => /^\p{L}/u.test(word));
  if (words.length === 0) return "?";
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const letters = words.length > 1 ? [...first][0]! + [...last][0]! : [...first][0]!;
  return letters.toUpperCase();
}
