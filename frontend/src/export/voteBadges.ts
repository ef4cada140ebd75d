import { t } from "../i18n";

/** Revealed votes drawn into PNG / SVG exports: a badge at each voted note's top-right
 * corner, as the board shows it (on the page the badges are an overlay, not elements). */
export interface VoteBadge {
  noteId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

interface NoteLike {
  id: string;
  x: number;
  y: number;
  width: number;
  isDeleted?: boolean;
}

export const BADGE_HEIGHT = 30;

export function voteBadges(results: Record<string, number> | null, elements: readonly NoteLike[]): VoteBadge[] {
  if (!results) return [];
  const badges: VoteBadge[] = [];
  for (const element of elements) {
    const votes = results[element.id] ?? 0;
    if (element.isDeleted || votes <= 0) continue;
    const text = t("votes.count", { count: votes });
    const width = 22 + text.length * 9;
    badges.push({ noteId: element.id, x: element.x + element.width - width + 12, y: element.y - BADGE_HEIGHT / 2, width, height: BADGE_HEIGHT, text });
  }
  return badges;
}
