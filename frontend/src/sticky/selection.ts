import { readSticky } from "./customData";

interface ElementLike {
  id: string;
  type: string;
  containerId?: string | null;
  isDeleted?: boolean;
  customData?: Record<string, unknown>;
}

/**
 * The sticky notes among the selected elements (a note's text counts as its note), or
 * an empty list when anything else is selected too. While only notes are selected the
 * board hides Excalidraw's shape style panel (it would cover the left of the board) and
 * the header's colour choice recolours them instead.
 */
export function selectedStickies(elements: readonly ElementLike[], selectedIds: Readonly<Record<string, boolean>>, editingId: string | null = null): string[] {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const ids = Object.keys(selectedIds).filter((id) => selectedIds[id]);
  if (editingId) ids.push(editingId);
  const notes = new Set<string>();
  for (const id of ids) {
    const element = byId.get(id);
    if (!element || element.isDeleted) continue;
    const note = element.type === "text" && element.containerId ? byId.get(element.containerId) : element;
    if (!note || !readSticky(note)) return [];
    notes.add(note.id);
  }
  return [...notes];
}
