/** Facilitation fields of the board page config (rendered by Django next to the board's). */
export interface FacilitationConfig {
  canFacilitate: boolean;
  /** The page token's id (not the secret): names this person in facilitation records. */
  participantId: string;
  /** `/boards/<id>/facilitation`; endpoints hang below it. */
  facilitationUrl: string;
  /** `/boards/<id>/history`: the board's versions (docs/history.md). */
  historyUrl: string;
  /** Server clock (ms since epoch) when the page was rendered. */
  serverNow: number;
  token: string;
  /** `/boards/<id>/knowledge` when this person may harvest notes into the knowledge base,
   * else "" (a viewer, or no knowledge base on this board). */
  knowledgeUrl: string;
}

export function parseFacilitationConfig(raw: unknown, receivedAt: number): FacilitationConfig | null {
  if (typeof raw !== "object" || raw === null) return null;
  const data = raw as Record<string, unknown>;
  if (typeof data.facilitationUrl !== "string" || typeof data.token !== "string") return null;
  return {
    canFacilitate: data.canFacilitate === true,
    participantId: typeof data.participantId === "string" ? data.participantId : "",
    facilitationUrl: data.facilitationUrl,
    historyUrl: typeof data.historyUrl === "string" ? data.historyUrl : data.facilitationUrl.replace(/\/facilitation$/, "/history"),
    serverNow: typeof data.serverNow === "number" ? data.serverNow : receivedAt,
    token: data.token,
    knowledgeUrl: typeof data.knowledgeUrl === "string" ? data.knowledgeUrl : "",
  };
}

export function readFacilitationConfig(doc: Document = document): FacilitationConfig | null {
  const element = doc.getElementById("indaba-board-config");
  if (!element?.textContent) return null;
  try {
    return parseFacilitationConfig(JSON.parse(element.textContent), Date.now());
  } catch {
    return null;
  }
}
