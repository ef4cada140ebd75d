/** `customData.indaba` on a sticky note's rectangle. */
export interface StickyCustomData {
  kind: "sticky";
  author: string;
  color: string;
}

export function stickyCustomData(author: string, color: string): { indaba: StickyCustomData } {
  return { indaba: { kind: "sticky", author, color } };
}

/** The sticky metadata of an element, or null if it is not a sticky note. */
export function readSticky(element: { customData?: Record<string, unknown> }): StickyCustomData | null {
  const indaba = element.customData?.indaba as Partial<StickyCustomData> | undefined;
  if (!indaba || indaba.kind !== "sticky" || typeof indaba.author !== "string" || typeof indaba.color !== "string") {
    return null;
  }
  return indaba as StickyCustomData;
}
