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

export const PRESENCE_LABEL: Record<string, string> = { in_room: "In the room", online: "Online", "": "Not recorded" };

/** "3 min ago" style, relative to `now`; "never" for no activity. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** People sorted: in the room first, then online, then others; by name within. */
export function sortPeople(people: readonly PersonEngagement[]): PersonEngagement[] {
  const order = { in_room: 0, online: 1, "": 2 } as const;
  return [...people].sort((a, b) => order[a.presence] - order[b.presence] || a.name.localeCompare(b.name));
}
