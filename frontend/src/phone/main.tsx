// Entry point of the phone page (rollup input "phone"): the light page for people in the
// room. Plain DOM + yjs + y-websocket; nothing here may import Excalidraw or React (the
// first load must stay under 150 KB). It writes into the same board document as the
// canvas, through the same facilitation endpoints as the board page.
import "./phone.css";
import * as Y from "yjs";
import { LOCAL_ORIGIN } from "../binding/origin";
import { type BoardConfig, readConfig } from "../config";
import { ConnectionStore } from "../connection/store";
import { describeConnection } from "../connection/state";
import { FacilitationApi } from "../facilitation/api";
import { ServerClock } from "../facilitation/clock";
import { readFacilitationConfig } from "../facilitation/config";
import { REACTIONS, readReactions } from "../facilitation/reactions";
import { formatDuration, readTimer, remainingMs, spokenDuration } from "../facilitation/timer";
import { type MyVotes, ranking, readVote, stickyNotes } from "../facilitation/votes";
import { openBoardSession } from "../provider";
import { DEFAULT_STICKY_COLOR, STICKY_COLORS } from "../sticky/palette";
import { buildNote, type DocElement, frameChoices, voteList } from "./notes";

declare global {
  interface Window {
    /** What end-to-end tests read on the phone page. */
    __indabaPhone?: { doc: Y.Doc; provider: unknown };
  }
}

type Child = Node | string | null | false | undefined;

/** A tiny element builder: `h("button", {type: "button"}, "Vote")`. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(key, "");
    else if (value !== false) element.setAttribute(key, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Replaces a container's children, keeping keyboard focus on the control with the same key. */
function replace(container: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...(children.filter(Boolean) as (Node | string)[]));
  if (key) (container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) ?? container).focus();
}

function start(): void {
  const root = document.getElementById("phone-root");
  if (!root) return;
  let config: BoardConfig;
  try {
    config = readConfig();
  } catch (error) {
    root.append(h("p", { class: "phone-error", role: "alert" }, (error as Error).message));
    return;
  }
  const facilitation = readFacilitationConfig();
  const api = new FacilitationApi(facilitation?.facilitationUrl ?? `/boards/${config.boardId}/facilitation`, config.token);
  const clock = new ServerClock(facilitation?.serverNow ?? Date.now());
  const canWrite = config.role === "editor";
  const { doc, provider } = openBoardSession(config);
  window.__indabaPhone = { doc, provider };
  const elementsMap = doc.getMap<DocElement>("elements");
  const elements = (): DocElement[] => Array.from(elementsMap.values());

  // -- live announcements and errors -----------------------------------------------------
  const announcer = h("div", { class: "phone-sr", role: "status", "aria-live": "polite", "data-testid": "phone-announcer" });
  const announce = (text: string): void => {
    announcer.textContent = "";
    setTimeout(() => (announcer.textContent = text), 50);
  };
  const errorBox = h("p", { class: "phone-error", role: "alert", hidden: true, "data-testid": "phone-error" });
  const showError = (message: string): void => {
    errorBox.textContent = message;
    errorBox.hidden = false;
    setTimeout(() => (errorBox.hidden = true), 6000);
  };

  // -- connection -------------------------------------------------------------------------
  const connection = h("p", { class: "phone-connection indaba-connection", "data-testid": "phone-connection" });
  const store = new ConnectionStore(doc, provider);
  let lastPhase = "";
  const renderConnection = (): void => {
    const state = store.getState();
    connection.className = `phone-connection indaba-connection indaba-connection--${state.phase}`;
    connection.textContent = describeConnection(state) + (state.closeMessage && state.phase === "closed" ? `. ${state.closeMessage}` : "");
    if (lastPhase && lastPhase !== state.phase && (state.phase === "connected" || state.phase === "reconnecting" || state.phase === "offline" || state.phase === "closed")) {
      announce(connection.textContent);
    }
    lastPhase = state.phase;
  };
  store.subscribe(renderConnection);
  renderConnection();

  // -- timer --------------------------------------------------------------------------------
  const timerDisplay = h("span", { class: "phone-timer__display", "data-testid": "timer-display" }, "–:––");
  const timerStatus = h("span", { class: "phone-timer__status", "data-testid": "timer-status" }, "No timer");
  const timerSection = h("section", { class: "phone-timer", "aria-label": "Timer" }, timerStatus, timerDisplay);
  let tick: ReturnType<typeof setInterval> | null = null;
  let announcedDone = "";
  const renderTimer = (): void => {
    const timer = readTimer(doc.getMap("timer").toJSON());
    const left = remainingMs(timer, clock.now());
    const done = timer.state === "running" && left === 0;
    const status = done ? "Time's up" : timer.state === "running" ? "Running" : timer.state === "paused" ? "Paused" : "No timer";
    if (timerStatus.textContent !== status) timerStatus.textContent = status;
    const shown = timer.state === "stopped" ? "–:––" : formatDuration(left);
    if (timerDisplay.textContent !== shown) timerDisplay.textContent = shown;
    timerDisplay.setAttribute("aria-label", timer.state === "stopped" ? "No timer running" : `${spokenDuration(left)} left`);
    timerSection.classList.toggle("phone-timer--done", done);
    if (done && announcedDone !== String(timer.startedAt)) {
      announcedDone = String(timer.startedAt);
      announce("Time is up.");
    }
    const running = timer.state === "running" && !done;
    if (running && tick === null) tick = setInterval(renderTimer, 250);
    if (!running && tick !== null) {
      clearInterval(tick);
      tick = null;
    }
  };
  doc.getMap("timer").observe(renderTimer);

  // -- vote -----------------------------------------------------------------------------------
  const voteSection = h("section", { class: "phone-card phone-vote", "aria-labelledby": "phone-vote-title", hidden: true });
  let mine: MyVotes = { voteId: null, state: "none", mine: {}, remaining: 0 };
  let mineFor = "";
  let voteKey = "";
  const cast = (elementId: string, retract: boolean): void => {
    api
      .post<MyVotes>(retract ? "vote/retract" : "vote/cast", { elementId })
      .then((result) => {
        mine = result;
        renderVote();
        announce(`${retract ? "Vote taken back" : "Vote cast"}. ${result.remaining} left.`);
      })
      .catch((error: Error) => showError(error.message));
  };
  const renderVote = (): void => {
    const vote = readVote(doc.getMap("vote").toJSON());
    voteSection.hidden = vote.state === "none";
    const key = `${vote.id}:${vote.state}`;
    if (voteKey && key !== voteKey) {
      if (vote.state === "open") announce(`Voting has started: ${vote.votesPerPerson} votes each.`);
      if (vote.state === "closed") announce("Voting has ended. Results are hidden until revealed.");
      if (vote.state === "revealed") announce("Vote results revealed.");
    }
    voteKey = key;
    if (vote.state === "open" && canWrite && mineFor !== key) {
      mineFor = key;
      api.get<MyVotes>("vote/mine").then((result) => {
        mine = result;
        renderVote();
      }, (error: Error) => showError(error.message));
    }
    const title = h("h2", { id: "phone-vote-title" }, "Dot voting");
    if (vote.state === "open") {
      const notes = voteList(elements(), vote.frameId);
      const remaining = vote.id === mine.voteId ? mine.remaining : 0;
      replace(
        voteSection,
        title,
        h("p", { "data-testid": "vote-status" }, `Vote open: ${vote.votesPerPerson} votes each${vote.anonymous ? ", anonymous" : ""}. `,
          canWrite ? h("strong", {}, h("span", { "data-testid": "votes-remaining" }, String(remaining)), " votes left") : "You can watch but not vote."),
        notes.length === 0 ? h("p", {}, "No notes to vote on yet.") : null,
        canWrite && notes.length > 0 ? h("ul", { class: "phone-vote__list", "aria-label": "Notes to vote on" },
          ...notes.map((note) => {
            const label = note.text || "(empty note)";
            const count = vote.id === mine.voteId ? (mine.mine[note.id] ?? 0) : 0;
            return h("li", { class: "phone-vote__note" },
              h("span", { class: "phone-vote__text" }, label),
              h("span", { class: "phone-vote__mine" }, count > 0 ? `Your votes: ${count}` : "No vote yet"),
              h("span", { class: "phone-vote__buttons" },
                h("button", { type: "button", class: "phone-button", "data-key": `vote:${note.id}`, "aria-label": `Vote for “${label}”`, disabled: remaining < 1, onclick: () => cast(note.id, false) }, "Vote"),
                count > 0 ? h("button", { type: "button", class: "phone-button phone-button--quiet", "data-key": `unvote:${note.id}`, "aria-label": `Take back a vote from “${label}”`, onclick: () => cast(note.id, true) }, "Take back") : null));
          })) : null,
      );
    } else if (vote.state === "closed") {
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, "Voting has ended; results are hidden until the facilitator reveals them."));
    } else if (vote.state === "revealed") {
      const ranked = ranking(vote.results ?? {}, stickyNotes(elements() as unknown as Parameters<typeof stickyNotes>[0]));
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, "Results"),
        h("ol", { class: "phone-vote__ranking", "aria-label": "Vote results, most votes first", "data-testid": "vote-ranking" },
          ...ranked.map((row) => h("li", {}, `#${row.rank} ${row.text || "(empty note)"} — `, h("strong", {}, String(row.count)), ` vote${row.count === 1 ? "" : "s"}`)),
          ranked.length === 0 ? h("li", {}, "No votes were cast.") : null));
    } else {
      voteSection.replaceChildren();
    }
  };
  doc.getMap("vote").observe(renderVote);

  // -- reactions --------------------------------------------------------------------------------
  const reactionGroup = h("div", { class: "phone-reactions", role: "group", "aria-label": "React" });
  const renderReactions = (): void => {
    const { counts } = readReactions(doc.getMap("reactions").toJSON());
    replace(reactionGroup, ...REACTIONS.map((r) =>
      h("button", {
        type: "button", class: "phone-reaction", "data-key": `react:${r.name}`, "aria-label": `${r.name} (${counts[r.emoji] ?? 0})`,
        onclick: () => api.post("reactions", { emoji: r.emoji }).then(() => announce(`${r.name} sent.`), (e: Error) => showError(e.message)),
      }, h("span", { "aria-hidden": "true" }, r.emoji), h("span", { class: "phone-reaction__count", "data-testid": `reaction-count-${r.name}` }, String(counts[r.emoji] ?? 0)))));
  };
  doc.getMap("reactions").observe(renderReactions);

  // -- writing a note -----------------------------------------------------------------------------
  const frameSelect = h("select", { id: "phone-frame", class: "phone-select" });
  const textBox = h("textarea", { id: "phone-note-text", class: "phone-text", rows: "3", maxlength: "500", required: true, placeholder: "Your idea" });
  let color = DEFAULT_STICKY_COLOR;
  const colours = h("fieldset", { class: "phone-colours" }, h("legend", {}, "Colour"),
    ...STICKY_COLORS.map((c) => {
      const input = h("input", { type: "radio", name: "phone-colour", value: c.id, checked: c.id === color.id });
      input.addEventListener("change", () => (color = c));
      const swatch = h("span", { class: "phone-swatch", "aria-hidden": "true" });
      swatch.style.background = c.background;
      return h("label", { class: "phone-colour" }, input, swatch, c.name);
    }));
  const brainstormNote = h("p", { class: "phone-brainstorm", hidden: true, "data-testid": "brainstorm-status" });
  const privateList = h("ul", { class: "phone-private", "aria-label": "Your private notes", "data-testid": "my-private-notes", hidden: true });
  const addButton = h("button", { type: "submit", class: "phone-button phone-button--primary" }, "Add note");
  const form = h("form", { class: "phone-compose", "aria-label": "Write a note" },
    brainstormNote,
    h("label", { for: "phone-frame", class: "phone-label" }, "Frame"), frameSelect,
    h("label", { for: "phone-note-text", class: "phone-label" }, "Note"), textBox,
    colours, addButton);
  const brainstormOn = (): { on: boolean; anonymous?: boolean; count?: number } => {
    const value = doc.getMap("facilitation").get("brainstorm") as { on?: boolean; anonymous?: boolean; count?: number } | undefined;
    return { ...value, on: value?.on === true };
  };
  const renderPrivate = (notes: { id: number; text: string }[]): void => {
    privateList.hidden = notes.length === 0;
    replace(privateList, ...notes.map((n) => h("li", {}, n.text)));
  };
  let brainstormWas: boolean | null = null;
  const renderBrainstorm = (): void => {
    const state = brainstormOn();
    brainstormNote.hidden = !state.on;
    brainstormNote.textContent = state.on
      ? `Private brainstorm${state.anonymous ? " (shown without names)" : ""}: your notes are seen only by you until the facilitator reveals them. ${state.count ?? 0} written so far.`
      : "";
    addButton.textContent = state.on ? "Add private note" : "Add note";
    frameSelect.disabled = state.on;
    if (brainstormWas !== null && brainstormWas !== state.on) {
      announce(state.on ? "Private brainstorm started: your notes are seen only by you until they are revealed." : "Brainstorm notes revealed on the board.");
    }
    if (brainstormWas !== state.on) {
      if (state.on && canWrite) api.get<{ notes: { id: number; text: string }[] }>("brainstorm/notes").then((r) => renderPrivate(r.notes), (e: Error) => showError(e.message));
      else renderPrivate([]);
    }
    brainstormWas = state.on;
  };
  doc.getMap("facilitation").observe(renderBrainstorm);

  let frameKey = "";
  const renderFrames = (): void => {
    const choices = frameChoices(elements());
    const key = JSON.stringify(choices);
    if (key === frameKey) return;
    frameKey = key;
    const selected = frameSelect.value;
    frameSelect.replaceChildren(h("option", { value: "" }, "Anywhere"), ...choices.map((f) => h("option", { value: f.id }, f.name)));
    frameSelect.value = choices.some((f) => f.id === selected) ? selected : "";
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textBox.value.trim();
    if (!text) {
      showError("Write something first.");
      textBox.focus();
      return;
    }
    if (brainstormOn().on) {
      api.post<{ notes: { id: number; text: string }[] }>("brainstorm/notes", { text }).then((r) => {
        renderPrivate(r.notes);
        textBox.value = "";
        announce("Private note added.");
      }, (e: Error) => showError(e.message));
      return;
    }
    const all = elements();
    const frame = all.find((e) => e.id === frameSelect.value && e.type === "frame" && !e.isDeleted) ?? null;
    const [rectangle, label] = buildNote(all, { text, author: config.user.name, authorId: facilitation?.participantId || undefined, color: color.background, frame });
    doc.transact(() => {
      elementsMap.set(rectangle.id as string, rectangle as unknown as DocElement);
      elementsMap.set(label.id as string, label as unknown as DocElement);
    }, LOCAL_ORIGIN);
    textBox.value = "";
    const where = frame ? `in ${frame.name || "the frame"}` : "on the board";
    announce(provider.synced ? `Note added ${where}.` : `Note added ${where}; it will be sent when you are back online.`);
  });

  // Element changes arrive in bursts: re-read at most every 300 ms.
  let pending: ReturnType<typeof setTimeout> | null = null;
  elementsMap.observe(() => {
    if (pending !== null) return;
    pending = setTimeout(() => {
      pending = null;
      renderFrames();
      renderVote();
    }, 300);
  });

  // -- the page -------------------------------------------------------------------------------
  const main = h("main", { class: "phone-main", id: "phone-main" },
    errorBox,
    voteSection,
    h("section", { class: "phone-card", "aria-labelledby": "phone-react-title" }, h("h2", { id: "phone-react-title" }, "React"), reactionGroup),
    privateList,
    canWrite ? form : h("p", { class: "phone-card" }, "View only: you can follow along but not add notes."));
  root.querySelector(".phone-header")?.append(connection, timerSection);
  root.append(main, announcer);
  renderFrames();
  renderTimer();
  renderVote();
  renderReactions();
  renderBrainstorm();
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    renderFrames();
    renderVote();
  });
}

start();
