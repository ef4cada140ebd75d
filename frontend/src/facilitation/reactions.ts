/** Quick reactions: counts in the document, the newest one floats over the board. */
export const REACTIONS: readonly { emoji: string; name: string }[] = [
  { emoji: "👍", name: "Thumbs up" },
  { emoji: "❤️", name: "Love" },
  { emoji: "😂", name: "Laugh" },
  { emoji: "🎉", name: "Celebrate" },
  { emoji: "🤔", name: "Thinking" },
  { emoji: "👏", name: "Applause" },
];

export interface LastReaction {
  emoji: string;
  name: string;
  at: number;
  nonce: string;
}

export function readReactions(raw: Record<string, unknown>): { counts: Record<string, number>; last: LastReaction | null } {
  const counts = typeof raw.counts === "object" && raw.counts !== null ? (raw.counts as Record<string, number>) : {};
  const last = raw.last as Partial<LastReaction> | undefined;
  const valid = last && typeof last.emoji === "string" && typeof last.nonce === "string" && typeof last.at === "number";
  return { counts, last: valid ? (last as LastReaction) : null };
}

/** Whether a reaction should float now: new (nonce unseen) and recent (not one replayed at load). */
export function shouldFloat(last: LastReaction | null, seen: ReadonlySet<string>, serverNow: number, windowMs = 10_000): boolean {
  return last !== null && !seen.has(last.nonce) && serverNow - last.at < windowMs;
}
