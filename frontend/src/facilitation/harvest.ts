/**
 * Harvesting notes into the knowledge base, the pure part: which element ids a selection
 * harvests (notes and frames; a note's text counts as its note), and what the server-written
 * `harvest` map says was harvested (element id → the draft it went into).
 */

export interface HarvestRecord {
  itemId: string | number;
  at?: number;
}

export interface SceneElementLike {
  id: string;
  type: string;
  isDeleted?: boolean;
  containerId?: string | null;
  customData?: Record<string, unknown>;
}

function isNote(element: SceneElementLike): boolean {
  return (element.customData?.indaba as { kind?: unknown } | undefined)?.kind === "sticky";
}

/**
 * The ids to harvest for this selection: selected sticky notes (a selected label stands for
 * its note) and selected frames (the server harvests a frame as one item with its notes as
 * evidence). Anything else selected is ignored; the order is the scene's.
 */
export function harvestTargets(elements: readonly SceneElementLike[], selected: Readonly<Record<string, boolean>>): string[] {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const chosen = new Set<string>();
  for (const [id, on] of Object.entries(selected)) {
    if (!on) continue;
    const element = byId.get(id);
    if (!element || element.isDeleted) continue;
    if (element.type === "frame" || isNote(element)) chosen.add(element.id);
    else if (element.type === "text" && element.containerId) {
      const note = byId.get(element.containerId);
      if (note && !note.isDeleted && isNote(note)) chosen.add(note.id);
    }
  }
  return elements.filter((e) => chosen.has(e.id)).map((e) => e.id);
}

/** The `harvest` map as element id → record, ignoring anything malformed. */
export function readHarvest(raw: Record<string, unknown>): Record<string, HarvestRecord> {
  const out: Record<string, HarvestRecord> = {};
  for (const [id, value] of Object.entries(raw)) {
    const record = value as Partial<HarvestRecord> | null;
    if (record && typeof record === "object" && (typeof record.itemId === "string" || typeof record.itemId === "number")) {
      out[id] = { itemId: record.itemId, at: typeof record.at === "number" ? record.at : undefined };
    }
  }
  return out;
}

/** What the harvest endpoint answers. */
export interface HarvestResult {
  id: string | number;
  url: string;
  state: string;
  title?: string;
}
