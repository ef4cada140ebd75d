import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import type { ServerClock } from "./clock";
import { useTick, useYMap } from "./hooks";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { formatDuration, readTimer, remainingMs, spokenDuration } from "./timer";
import { ROOTS } from "../schema";
import { locale, t } from "../i18n";

/** Everyone's countdown; the facilitator's start / pause / +1 min / stop. Participants see
 * it only while a timer runs. */
export function TimerPanel({ doc, api, clock, canFacilitate, onError }: {
  doc: Y.Doc;
  api: FacilitationApi;
  clock: ServerClock;
  canFacilitate: boolean;
  onError: (message: string) => void;
}) {
  const timer = readTimer(useYMap(doc, ROOTS.timer));
  const local = useTick(timer.state === "running");
  const left = remainingMs(timer, clock.now(local));
  const done = timer.state === "running" && left === 0;
  const [minutes, setMinutes] = useState(5);
  const [open, toggle] = useSectionOpen("timer", true);
  const previous = useRef<{ state: string; done: boolean } | null>(null);

  useEffect(() => {
    const before = previous.current;
    previous.current = { state: timer.state, done };
    if (before === null) return;
    if (done && !before.done) announce(t("timer.upAnnounced"));
    else if (timer.state !== before.state) {
      if (timer.state === "running") announce(t("timer.runningLeft", { duration: spokenDuration(left) }));
      if (timer.state === "paused") announce(t("timer.pausedWith", { duration: spokenDuration(left) }));
      if (timer.state === "stopped") announce(t("timer.stopped"));
    }
  }, [timer.state, done, left]);

  if (!canFacilitate && timer.state === "stopped") return null;
  const send = (action: string, seconds = 0): void => {
    api.post("timer", { action, seconds }).catch((error: Error) => onError(error.message));
  };
  const status = t(done ? "timer.up" : timer.state === "paused" ? "timer.paused" : timer.state === "running" ? "timer.running" : "timer.none");

  return (
    <PanelSection id="timer" title={t("timer.label")} status={timer.state === "stopped" ? undefined : `${formatDuration(left)} ${status.toLocaleLowerCase(locale())}`} open={open} onToggle={toggle}>
      <div className={`indaba-timer${done ? " indaba-timer--done" : ""}`}>
        <p className="indaba-timer__row" hidden={timer.state === "stopped"}>
          <span className="indaba-timer__display" role="timer" aria-label={t("timer.timeLeft", { duration: spokenDuration(left) })} data-testid="timer-display">
            {formatDuration(left)}
          </span>
          <span className="indaba-timer__status" data-testid="timer-status">
            {done ? "⏰ " : ""}
            {status}
          </span>
        </p>
        {canFacilitate && (
          <div className="indaba-fac-controls" role="group" aria-label={t("timer.controls")}>
            {timer.state === "stopped" || done ? (
              <>
                <label className="indaba-fac-field indaba-fac-field--inline">
                  {t("timer.minutes")}
                  <input type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(Number(e.target.value) || 1)} />
                </label>
                <button type="button" className="indaba-button" onClick={() => send("start", Math.round(minutes * 60))}>
                  {t("timer.start")}
                </button>
              </>
            ) : timer.state === "running" ? (
              <button type="button" className="indaba-button" onClick={() => send("pause")}>
                {t("timer.pause")}
              </button>
            ) : (
              <button type="button" className="indaba-button" onClick={() => send("resume")}>
                {t("timer.resume")}
              </button>
            )}
            {timer.state !== "stopped" && (
              <>
                <button type="button" className="indaba-button" onClick={() => send("add", 60)}>
                  {t("timer.addMinute")}
                </button>
                <button type="button" className="indaba-button" onClick={() => send("stop")}>
                  {t("timer.stop")}
                </button>
              </>
            )}
          </div>
        )}
      </div>
    </PanelSection>
  );
}
