import { announce } from "./Announcer";
import { Signal } from "./hooks";

/** A visible notice over the board: what the facilitator just did, in words. */
export interface Notice {
  id: number;
  text: string;
}

export const notices = new Signal<readonly Notice[]>([]);
let nextId = 1;

/**
 * Shows `text` over the board for a few seconds (the stack is a polite live region, so
 * screen readers hear it too). For lock, summon, follow and reveal: things everyone should
 * notice, not only people with a screen reader. At most three at once.
 */
export function notify(text: string, ms = 8000): void {
  const notice = { id: nextId++, text };
  notices.set([...notices.get().slice(-2), notice]);
  setTimeout(() => dismiss(notice.id), ms);
}

/** Tells participants visibly; the facilitator, who did it, only through the announcer. */
export function tell(text: string, participant: boolean): void {
  if (participant) notify(text);
  else announce(text);
}

export function dismiss(id: number): void {
  notices.set(notices.get().filter((n) => n.id !== id));
}
