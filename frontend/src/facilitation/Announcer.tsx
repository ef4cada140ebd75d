import { Signal, useSignal } from "./hooks";

/** One polite live region for every facilitation announcement. */
export const announcement = new Signal<string>("");

export function announce(text: string): void {
  // Re-set even when equal, so a repeated message is read again.
  announcement.set("");
  setTimeout(() => announcement.set(text), 50);
}

export function Announcer() {
  const text = useSignal(announcement);
  return (
    <div className="indaba-visually-hidden" aria-live="polite" role="status" data-testid="facilitation-announcer">
      {text}
    </div>
  );
}
