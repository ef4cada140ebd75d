import type { MessageKey } from "../i18n";

/** Quick reactions: counts in the document, the newest one floats over the board. */
/** `name` is the reaction's stable id (test ids, the document); `label` is what people read. */
export const REACTIONS: readonly { emoji: string; name: string; label: MessageKey }[] = [
  { emoji: "👍", name: "Thumbs up", label: "reaction.thumbsUp" },
  { emoji: "❤️", name: "Love", label: "reaction.love" },
  { emoji: "😂", name: "Laugh", label: "reaction.laugh" },
  { emoji: "🎉", name: "Celebrate", label: "reaction.celebrate" },
  { emoji: "🤔", name: "Thinking", label: "reaction.thinking" },
  { emoji: "👏", name: "Applause", label: "reaction.applause" },
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
