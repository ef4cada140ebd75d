import { formatDateTime, type MessageKey, t } from "../i18n";

/** Element kinds (the server's: "note" for a sticky note, else the Excalidraw type) by name. */
const ELEMENT_KINDS: Readonly<Record<string, MessageKey>> = {
  note: "element.note",
  frame: "element.frame",
  text: "element.text",
  arrow: "element.arrow",
  line: "element.line",
  rectangle: "element.rectangle",
  ellipse: "element.ellipse",
  diamond: "element.diamond",
  freedraw: "element.freedraw",
  image: "element.image",
};
/** Board history as the server lists it (`/boards/<id>/history/`, docs/history.md). */
export interface Version {
  version: number;
  at: string;
  reason: string;
  reasonLabel: string;
  name: string;
  who: string;
  elements: number;
  restoredFrom: number | null;
}

export interface Listing {
  versions: Version[];
  canRestore: boolean;
}

export interface DiffItem {
  id: string;
  type: string;
  kind: string;
  text: string;
  before?: string;
  fields?: string[];
}

export interface Diff {
  added: DiffItem[];
  removed: DiffItem[];
  changed: DiffItem[];
}

/** "Vote started", "Named version: Before lunch", "Restored: version 3". */
export function describe(version: Version): string {
  return version.name ? `${version.reasonLabel}: ${version.name}` : version.reasonLabel;
}

/** "14:05" today, "28 Nov 14:05" on another day (the viewer's own time zone), in the page language. */
export function when(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const time = formatDateTime(at, { hour: "2-digit", minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return time;
  return `${formatDateTime(at, { day: "numeric", month: "short" })} ${time}`;
}

/** One line per diff entry: what it is and its text ("note “Ship it”"). */
export function diffLine(item: DiffItem): string {
  const key = ELEMENT_KINDS[item.kind];
  const what = key ? t(key) : item.kind;
  if (item.before !== undefined && item.before !== item.text) {
    return `${what} “${item.before}” → “${item.text}”`;
  }
  return item.text ? `${what} “${item.text}”` : what;
}
