import { type MessageKey, t } from "../i18n";
/** The engagement panel's data (GET facilitation/engagement). */
export interface PersonEngagement {
  id: string;
  name: string;
  presence: "in_room" | "online" | "";
  notes: number;
  votes: number;
  reactions: number;
  lastActivity: string | null;
  contributed: boolean;
}

export interface GroupEngagement {
  people: number;
  notes: number;
  votes: number;
  reactions: number;
  silent: string[];
}

export interface Engagement {
  people: PersonEngagement[];
  groups: Record<"in_room" | "online" | "other", GroupEngagement>;
  at: string;
}

export const PRESENCE_LABEL: Record<string, MessageKey> = { in_room: "presence.inRoom", online: "presence.online", "": "presence.unknown" };

/** Where a person takes part, in the page language (the raw value for one the page does not know). */
export function presenceLabel(presence: string): string {
  const key = PRESENCE_LABEL[presence];
  return key ? t(key) : presence;
}

/** "3 min ago" style, relative to `now`; "never" for no activity. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return t("ago.never");
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return t("ago.seconds", { count: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("ago.minutes", { count: minutes });
  return t("ago.hours", { count: Math.round(minutes / 60) });
}

export type SortKey = "name" | "presence" | "notes" | "votes" | "reactions" | "lastActivity";

export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** The default order: in the room first, then online, then others; by name within. */
export const DEFAULT_SORT: SortOrder = { key: "presence", descending: false };

const PRESENCE_ORDER = { in_room: 0, online: 1, "": 2 } as const;

/** People sorted by a column; ties by presence then name, so the order is stable. */
export function sortPeople(people: readonly PersonEngagement[], order: SortOrder = DEFAULT_SORT): PersonEngagement[] {
  const byName = (a: PersonEngagement, b: PersonEngagement): number => a.name.localeCompare(b.name);
  const byPresence = (a: PersonEngagement, b: PersonEngagement): number => PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence];
  const column = (a: PersonEngagement, b: PersonEngagement): number => {
    switch (order.key) {
      case "name":
        return byName(a, b);
      case "presence":
        return byPresence(a, b);
      case "lastActivity":
        return Date.parse(a.lastActivity ?? "1970-01-01") - Date.parse(b.lastActivity ?? "1970-01-01");
      default:
        return a[order.key] - b[order.key];
    }
  };
  const sign = order.descending ? -1 : 1;
  return [...people].sort((a, b) => sign * column(a, b) || byPresence(a, b) || byName(a, b));
}

/** Clicking a column sorts by it; clicking it again flips the direction. Numbers start
 * with the most (who did most), names and places from the top. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== "name" && key !== "presence" };
}
