import { t } from "../i18n";
/** Dot voting: the vote definition from the document, the notes it covers, the ranking. */
export type VoteStatus = "none" | "open" | "closed" | "revealed";

export interface VoteState {
  id: string | null;
  state: VoteStatus;
  frameId: string | null;
  votesPerPerson: number;
  anonymous: boolean;
  endsAt: number | null;
  results: Record<string, number> | null;
  voters: Record<string, string[]> | null;
}

export interface MyVotes {
  voteId: string | null;
  state: string;
  mine: Record<string, number>;
  remaining: number;
}

export interface NoteSummary {
  id: string;
  text: string;
  frameId: string | null;
  author: string;
}

export function readVote(raw: Record<string, unknown>): VoteState {
  const state = raw.state === "open" || raw.state === "closed" || raw.state === "revealed" ? raw.state : "none";
  return {
    id: typeof raw.id === "string" ? raw.id : null,
    state,
    frameId: typeof raw.frameId === "string" ? raw.frameId : null,
    votesPerPerson: typeof raw.votesPerPerson === "number" ? raw.votesPerPerson : 0,
    anonymous: raw.anonymous !== false,
    endsAt: typeof raw.endsAt === "number" ? raw.endsAt : null,
    results: state === "revealed" && typeof raw.results === "object" && raw.results !== null ? (raw.results as Record<string, number>) : null,
    voters: typeof raw.voters === "object" && raw.voters !== null ? (raw.voters as Record<string, string[]>) : null,
  };
}

interface ElementLike {
  id: string;
  type: string;
  isDeleted?: boolean;
  containerId?: string | null;
  frameId?: string | null;
  text?: string;
  originalText?: string;
  name?: string | null;
  customData?: Record<string, unknown>;
}

/** Sticky notes (with their text) among the elements, optionally only those in a frame. */
export function stickyNotes(elements: readonly ElementLike[], frameId: string | null = null): NoteSummary[] {
  const texts = new Map<string, string>();
  for (const element of elements) {
    if (element.type === "text" && element.containerId && !element.isDeleted) {
      texts.set(element.containerId, element.originalText ?? element.text ?? "");
    }
  }
  const notes: NoteSummary[] = [];
  for (const element of elements) {
    const indaba = element.customData?.indaba as { kind?: string; author?: string } | undefined;
    if (element.isDeleted || indaba?.kind !== "sticky") continue;
    if (frameId && element.frameId !== frameId) continue;
    notes.push({ id: element.id, text: texts.get(element.id) ?? "", frameId: element.frameId ?? null, author: indaba.author ?? "" });
  }
  return notes;
}

export function frames(elements: readonly ElementLike[]): { id: string; name: string }[] {
  return elements
    .filter((e) => e.type === "frame" && !e.isDeleted)
    .map((e) => ({ id: e.id, name: e.name || t("frame.default") }));
}

export interface RankedNote {
  id: string;
  text: string;
  count: number;
  rank: number;
}

/** Notes by votes, most first; equal counts share a rank ("1, 2, 2, 4"). */
export function ranking(results: Record<string, number>, notes: readonly NoteSummary[]): RankedNote[] {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const sorted = Object.entries(results)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  let rank = 0;
  let previous = -1;
  return sorted.map(([id, count], position) => {
    if (count !== previous) rank = position + 1;
    previous = count;
    return { id, count, rank, text: byId.get(id)?.text ?? t("note.removed") };
  });
}
