/** `customData.indaba` on a sticky note's rectangle. */
export interface StickyCustomData {
  kind: "sticky";
  author: string;
  color: string;
  /** The author's participant id (their board token's id), when known: counts notes per person. */
  authorId?: string;
}

export function stickyCustomData(author: string, color: string, authorId?: string): { indaba: StickyCustomData } {
  return { indaba: authorId ? { kind: "sticky", author, color, authorId } : { kind: "sticky", author, color } };
}

/** The sticky metadata of an element, or null if it is not a sticky note. */
export function readSticky(element: { customData?: Record<string, unknown> }): StickyCustomData | null {
  const indaba = element.customData?.indaba as Partial<StickyCustomData> | undefined;
  if (!indaba || indaba.kind !== "sticky" || typeof indaba.author !== "string" || typeof indaba.color !== "string") {
    return null;
  }
  return indaba as StickyCustomData;
}
