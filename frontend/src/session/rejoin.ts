/**
 * Getting back in after access ended (the facilitator replaced or withdrew the join code):
 * the page asks `GET /boards/<id>/rejoin` with its (now revoked) token, and shows the
 * reason and, when the facilitator offered it, a link to join with the new code. Shared by
 * the board page and the phone page.
 */
export interface RejoinOffer {
  reason: string;
  /** The join page to go to: `/join/<code>/` with a new code, else `/join/` to type one. */
  joinUrl: string;
  /** "ABC 234" when a new code is offered, else "". */
  displayCode: string;
}

/** Access revoked while connected (the sync server's close code). */
export const ACCESS_REVOKED = 4403;

export function parseRejoinOffer(raw: unknown): RejoinOffer | null {
  if (typeof raw !== "object" || raw === null) return null;
  const data = raw as Record<string, unknown>;
  if (typeof data.reason !== "string" || typeof data.joinUrl !== "string") return null;
  // Only a path on this site: the page never sends anyone elsewhere.
  if (!data.joinUrl.startsWith("/") || data.joinUrl.startsWith("//")) return null;
  return { reason: data.reason, joinUrl: data.joinUrl, displayCode: typeof data.displayCode === "string" ? data.displayCode : "" };
}

/** The offer for this page's token, or null when there is none (or no connection). */
export async function fetchRejoinOffer(url: string, token: string): Promise<RejoinOffer | null> {
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, credentials: "same-origin" });
    if (!response.ok) return null;
    return parseRejoinOffer(await response.json());
  } catch {
    return null;
  }
}
