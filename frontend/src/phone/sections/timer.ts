import { formatDuration, readTimer, remainingMs, spokenDuration } from "../../facilitation/timer";
import { ROOTS } from "../../schema";
import type { PhoneContext } from "../context";
import { t } from "../../i18n";
import { h } from "../dom";

/** The timer in the page header: time left, its state, "Time is up" announced once. */
export function mountTimer({ doc, clock, announce }: Pick<PhoneContext, "doc" | "clock" | "announce">): { element: HTMLElement; render(): void } {
  const timerDisplay = h("span", { class: "phone-timer__display", "data-testid": "timer-display" }, "–:––");
  const timerStatus = h("span", { class: "phone-timer__status", "data-testid": "timer-status" }, t("timer.none"));
  const timerSection = h("section", { class: "phone-timer", "aria-label": t("timer.label") }, timerStatus, timerDisplay);
  let tick: ReturnType<typeof setInterval> | null = null;
  let announcedDone = "";
  const renderTimer = (): void => {
    const timer = readTimer(doc.getMap(ROOTS.timer).toJSON());
    const left = remainingMs(timer, clock.now());
    const done = timer.state === "running" && left === 0;
    const status = t(done ? "timer.up" : timer.state === "running" ? "timer.running" : timer.state === "paused" ? "timer.paused" : "timer.none");
    if (timerStatus.textContent !== status) timerStatus.textContent = status;
    const shown = timer.state === "stopped" ? "–:––" : formatDuration(left);
    if (timerDisplay.textContent !== shown) timerDisplay.textContent = shown;
    timerDisplay.setAttribute("aria-label", timer.state === "stopped" ? t("timer.noneRunning") : t("timer.left", { duration: spokenDuration(left) }));
    timerSection.classList.toggle("phone-timer--done", done);
    if (done && announcedDone !== String(timer.startedAt)) {
      announcedDone = String(timer.startedAt);
      announce(t("timer.upAnnounced"));
    }
    const running = timer.state === "running" && !done;
    if (running && tick === null) tick = setInterval(renderTimer, 250);
    if (!running && tick !== null) {
      clearInterval(tick);
      tick = null;
    }
  };
  doc.getMap(ROOTS.timer).observe(renderTimer);
  return { element: timerSection, render: renderTimer };
}
