import { t } from "../i18n";
/** The shared countdown: computed from a start time and a duration, never ticked over the wire. */
export type TimerStatus = "running" | "paused" | "stopped";

export interface TimerState {
  state: TimerStatus;
  startedAt?: number;
  durationMs?: number;
  remainingMs?: number;
  totalMs?: number;
}

export function readTimer(raw: Record<string, unknown>): TimerState {
  const state = raw.state === "running" || raw.state === "paused" ? raw.state : "stopped";
  const num = (key: string): number | undefined => (typeof raw[key] === "number" ? (raw[key] as number) : undefined);
  return { state, startedAt: num("startedAt"), durationMs: num("durationMs"), remainingMs: num("remainingMs"), totalMs: num("totalMs") };
}

/** Milliseconds left at server time `now` (0 when done or stopped). */
export function remainingMs(timer: TimerState, now: number): number {
  if (timer.state === "running") {
    const duration = timer.durationMs ?? 0;
    // Never more than was set, even if this page's clock runs behind the server's.
    return Math.min(duration, Math.max(0, duration - (now - (timer.startedAt ?? now))));
  }
  if (timer.state === "paused") return Math.max(0, timer.remainingMs ?? 0);
  return 0;
}

/** "m:ss" (or "h:mm:ss"), rounding up so the display reaches 0:00 exactly at the end. */
export function formatDuration(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Spoken form for the live region: "4 minutes 30 seconds left". */
export function spokenDuration(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [];
  if (m) parts.push(t("duration.minutes", { count: m }));
  if (s || !m) parts.push(t("duration.seconds", { count: s }));
  return parts.join(" ");
}

export function isFinished(timer: TimerState, now: number): boolean {
  return timer.state === "running" && remainingMs(timer, now) === 0;
}
