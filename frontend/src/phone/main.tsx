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
import { FacilitationApi, NetworkError } from "../facilitation/api";
import { ServerClock } from "../facilitation/clock";
import { readFacilitationConfig } from "../facilitation/config";
import { REACTIONS, readReactions } from "../facilitation/reactions";
import { formatDuration, readTimer, remainingMs, spokenDuration } from "../facilitation/timer";
import { type MyVotes, ranking, readVote, stickyNotes } from "../facilitation/votes";
import { openBoardSession } from "../provider";
import { ROOTS } from "../schema";
import { ACCESS_REVOKED, fetchRejoinOffer } from "../session/rejoin";
import { DEFAULT_STICKY_COLOR, STICKY_COLORS } from "../sticky/palette";
import { count } from "../text/plural";
import { buildNote, type DocElement, frameChoices, framesToRegrow, voteList } from "./notes";
import { Outbox } from "./outbox";

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

/** A plain-language message shown next to the control it is about (never only at the top
 * of the page, which may be scrolled away). Cleared when that control next succeeds. */
function messageSlot(testId: string): { element: HTMLParagraphElement; show(text: string): void; clear(): void } {
  const element = h("p", { class: "phone-message", role: "alert", hidden: true, "data-testid": testId });
  return {
    element,
    show(text: string) {
      element.textContent = text;
      element.hidden = false;
    },
    clear() {
      element.textContent = "";
      element.hidden = true;
    },
  };
}

function start(): void {
  const root = document.getElementById("phone-root");
  if (!root) return;
  let config: BoardConfig;
  try {
    config = readConfig();
  } catch (error) {
    root.append(h("p", { class: "phone-message", role: "alert" }, (error as Error).message));
    return;
  }
  const facilitation = readFacilitationConfig();
  const api = new FacilitationApi(facilitation?.facilitationUrl ?? `/boards/${config.boardId}/facilitation`, config.token);
  const clock = new ServerClock(facilitation?.serverNow ?? Date.now());
  const canWrite = config.role === "editor";
  const { doc, provider } = openBoardSession(config);
  window.__indabaPhone = { doc, provider };
  const elementsMap = doc.getMap<DocElement>(ROOTS.elements);
  const elements = (): DocElement[] => Array.from(elementsMap.values());

  // -- live announcements ------------------------------------------------------------------
  const announcer = h("div", { class: "phone-sr", role: "status", "aria-live": "polite", "data-testid": "phone-announcer" });
  const announce = (text: string): void => {
    announcer.textContent = "";
    setTimeout(() => (announcer.textContent = text), 50);
  };
  const voteMessage = messageSlot("vote-message");
  const reactionMessage = messageSlot("reaction-message");
  const composeMessage = messageSlot("compose-message");

  // -- connection ---------------------------------------------------------------------------
  const connection = h("p", { class: "phone-connection indaba-connection", "data-testid": "phone-connection" });
  const store = new ConnectionStore(doc, provider);
  /** The server is reachable: the board's socket is synced and the browser is online. */
  const online = (): boolean => store.getState().phase === "connected" && navigator.onLine;
  const rejoin = h("section", { class: "phone-card phone-rejoin", role: "alert", hidden: true, "data-testid": "rejoin" });
  let lastPhase = "";
  let wasReachable = true;
  const renderConnection = (): void => {
    const state = store.getState();
    connection.className = `phone-connection indaba-connection indaba-connection--${state.phase}`;
    connection.textContent = describeConnection(state) + (state.closeMessage && state.phase === "closed" ? `. ${state.closeMessage}` : "");
    if (lastPhase && lastPhase !== state.phase && (state.phase === "connected" || state.phase === "reconnecting" || state.phase === "offline" || state.phase === "closed")) {
      announce(connection.textContent);
    }
    lastPhase = state.phase;
    // Back in reach (the socket reconnected, or the browser is online again): send what waited.
    const reachable = online();
    if (reachable && !wasReachable) void sendWaitingReactions();
    wasReachable = reachable;
    if (state.phase === "closed" && state.closeCode === ACCESS_REVOKED && rejoin.hidden) void showRejoin();
    renderVote();
    renderComposeState();
  };

  // -- timer --------------------------------------------------------------------------------
  const timerDisplay = h("span", { class: "phone-timer__display", "data-testid": "timer-display" }, "–:––");
  const timerStatus = h("span", { class: "phone-timer__status", "data-testid": "timer-status" }, "No timer");
  const timerSection = h("section", { class: "phone-timer", "aria-label": "Timer" }, timerStatus, timerDisplay);
  let tick: ReturnType<typeof setInterval> | null = null;
  let announcedDone = "";
  const renderTimer = (): void => {
    const timer = readTimer(doc.getMap(ROOTS.timer).toJSON());
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
  doc.getMap(ROOTS.timer).observe(renderTimer);

  // -- vote -----------------------------------------------------------------------------------
  const voteSection = h("section", { class: "phone-card phone-vote", "aria-labelledby": "phone-vote-title", hidden: true });
  let mine: MyVotes = { voteId: null, state: "none", mine: {}, remaining: 0 };
  let mineFor = "";
  let voteKey = "";
  const cast = (elementId: string, retract: boolean): void => {
    if (!online()) {
      voteMessage.show("You are offline: votes need a connection. Your votes so far are kept; vote again when you are back online.");
      return;
    }
    api
      .post<MyVotes>(retract ? "vote/retract" : "vote/cast", { elementId })
      .then((result) => {
        mine = result;
        voteMessage.clear();
        renderVote();
        announce(`${retract ? "Vote taken back" : "Vote cast"}. ${count(result.remaining, "vote")} left.`);
      })
      .catch((error: Error) =>
        voteMessage.show(error instanceof NetworkError ? `${error.message} Your vote was not counted; try again when you are back online.` : error.message),
      );
  };
  const renderVote = (): void => {
    const vote = readVote(doc.getMap(ROOTS.vote).toJSON());
    voteSection.hidden = vote.state === "none";
    const key = `${vote.id}:${vote.state}`;
    if (voteKey && key !== voteKey) {
      voteMessage.clear();
      if (vote.state === "open") announce(`Voting has started: ${count(vote.votesPerPerson, "vote")} each.`);
      if (vote.state === "closed") announce("Voting has ended. Results are hidden until revealed.");
      if (vote.state === "revealed") announce("Vote results revealed.");
    }
    voteKey = key;
    const connected = online();
    if (vote.state === "open" && canWrite && connected && mineFor !== key) {
      mineFor = key;
      api.get<MyVotes>("vote/mine").then((result) => {
        mine = result;
        renderVote();
      }, (error: Error) => voteMessage.show(error.message));
    }
    const title = h("h2", { id: "phone-vote-title" }, "Dot voting");
    if (vote.state === "open") {
      const notes = voteList(elements(), vote.frameId);
      const remaining = vote.id === mine.voteId ? mine.remaining : 0;
      const frameName = vote.frameId ? (elementsMap.get(vote.frameId)?.name ?? "") : "";
      replace(
        voteSection,
        title,
        h("p", { "data-testid": "vote-status" }, `Vote open${frameName ? ` on “${frameName}”` : ""}: ${count(vote.votesPerPerson, "vote")} each${vote.anonymous ? ", anonymous" : ""}. `,
          canWrite ? h("strong", {}, h("span", { "data-testid": "votes-remaining" }, String(remaining)), remaining === 1 ? " vote left" : " votes left") : "You can watch but not vote."),
        canWrite && !connected ? h("p", { class: "phone-offline-note", "data-testid": "vote-offline" }, "Voting is paused while you are offline: your votes so far are kept, and the buttons come back when you reconnect.") : null,
        voteMessage.element,
        notes.length === 0 ? h("p", {}, "No notes to vote on yet.") : null,
        canWrite && notes.length > 0 ? h("ul", { class: "phone-vote__list", "aria-label": "Notes to vote on" },
          ...notes.map((note) => {
            const label = note.text || "(empty note)";
            const here = vote.id === mine.voteId ? (mine.mine[note.id] ?? 0) : 0;
            return h("li", { class: "phone-vote__note" },
              h("span", { class: "phone-vote__text" }, label),
              h("span", { class: "phone-vote__mine" }, here > 0 ? `Your votes: ${here}` : "No vote yet"),
              h("span", { class: "phone-vote__buttons" },
                h("button", { type: "button", class: "phone-button", "data-key": `vote:${note.id}`, "aria-label": `Vote for “${label}”`, disabled: remaining < 1 || !connected, onclick: () => cast(note.id, false) }, "Vote"),
                here > 0 ? h("button", { type: "button", class: "phone-button phone-button--quiet", "data-key": `unvote:${note.id}`, "aria-label": `Take back a vote from “${label}”`, disabled: !connected, onclick: () => cast(note.id, true) }, "Take back") : null));
          })) : null,
      );
    } else if (vote.state === "closed") {
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, "Voting has ended; results are hidden until the facilitator reveals them."));
    } else if (vote.state === "revealed") {
      const ranked = ranking(vote.results ?? {}, stickyNotes(elements() as unknown as Parameters<typeof stickyNotes>[0]));
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, "Results"),
        h("ol", { class: "phone-vote__ranking", "aria-label": "Vote results, most votes first", "data-testid": "vote-ranking" },
          ...ranked.map((row) => h("li", {}, `#${row.rank} ${row.text || "(empty note)"} — `, h("strong", {}, count(row.count, "vote")))),
          ranked.length === 0 ? h("li", {}, "No votes were cast.") : null));
    } else {
      voteSection.replaceChildren();
    }
  };
  doc.getMap(ROOTS.vote).observe(renderVote);

  // -- reactions --------------------------------------------------------------------------------
  const reactionGroup = h("div", { class: "phone-reactions", role: "group", "aria-label": "React" });
  const nameOf = (emoji: string): string => REACTIONS.find((r) => r.emoji === emoji)?.name ?? emoji;
  const outbox = new Outbox<string>((emoji) => api.post("reactions", { emoji }), (error) => error instanceof NetworkError);
  const showWaiting = (): void => {
    if (outbox.size > 0) reactionMessage.show(`No connection: ${count(outbox.size, "reaction")} waiting, sent when you are back online.`);
  };
  const keep = (emoji: string): void => {
    if (outbox.add(emoji)) showWaiting();
    else reactionMessage.show(`No connection: ${count(outbox.size, "reaction")} already waiting. Try again when you are back online.`);
  };
  async function sendWaitingReactions(): Promise<void> {
    if (outbox.size === 0) return;
    const { sent, errors } = await outbox.flush();
    if (errors.length > 0) reactionMessage.show(errors[0]!.message);
    else if (outbox.size > 0) showWaiting();
    else reactionMessage.clear();
    if (sent > 0) announce(`${count(sent, "waiting reaction")} sent.`);
  }
  const react = (emoji: string): void => {
    if (!online()) {
      keep(emoji);
      return;
    }
    api.post("reactions", { emoji }).then(
      () => {
        reactionMessage.clear();
        announce(`${nameOf(emoji)} sent.`);
      },
      (error: Error) => (error instanceof NetworkError ? keep(emoji) : reactionMessage.show(error.message)),
    );
  };
  const renderReactions = (): void => {
    const { counts } = readReactions(doc.getMap(ROOTS.reactions).toJSON());
    replace(reactionGroup, ...REACTIONS.map((r) =>
      h("button", {
        type: "button", class: "phone-reaction", "data-key": `react:${r.name}`, "aria-label": `${r.name} (${counts[r.emoji] ?? 0})`,
        onclick: () => react(r.emoji),
      }, h("span", { "aria-hidden": "true" }, r.emoji), h("span", { class: "phone-reaction__count", "data-testid": `reaction-count-${r.name}` }, String(counts[r.emoji] ?? 0)))));
  };
  doc.getMap(ROOTS.reactions).observe(renderReactions);

  // -- writing a note -----------------------------------------------------------------------------
  const frameSelect = h("select", { id: "phone-frame", class: "phone-select" });
  const frameHint = h("p", { class: "phone-hint", hidden: true, "data-testid": "frame-hint" });
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
    h("label", { for: "phone-frame", class: "phone-label" }, "Frame"), frameSelect, frameHint,
    h("label", { for: "phone-note-text", class: "phone-label" }, "Note"), textBox,
    colours, composeMessage.element, addButton);
  interface Brainstorm {
    on: boolean;
    anonymous?: boolean;
    count?: number;
    frameId?: string | null;
  }
  const brainstorm = (): Brainstorm => {
    const value = doc.getMap(ROOTS.facilitation).get("brainstorm") as Partial<Brainstorm> | undefined;
    return { ...value, on: value?.on === true };
  };
  const renderPrivate = (notes: { id: number; text: string }[]): void => {
    privateList.hidden = notes.length === 0;
    replace(privateList, ...notes.map((n) => h("li", {}, n.text)));
  };
  /** The frame the person chose before a brainstorm took the picker over. */
  let chosenFrame = "";
  let brainstormWas: boolean | null = null;
  const renderComposeState = (): void => {
    const state = brainstorm();
    if (state.on && !online()) {
      addButton.disabled = true;
      composeMessage.show("You are offline: private notes need a connection. Your text stays here; add it when you are back online.");
    } else if (addButton.disabled) {
      addButton.disabled = false;
      composeMessage.clear();
    }
  };
  const renderBrainstorm = (): void => {
    const state = brainstorm();
    brainstormNote.hidden = !state.on;
    brainstormNote.textContent = state.on
      ? `Private brainstorm${state.anonymous ? " (shown without names)" : ""}: your notes are seen only by you until the facilitator reveals them. ${state.count ?? 0} written so far.`
      : "";
    addButton.textContent = state.on ? "Add private note" : "Add note";
    if (state.on && brainstormWas !== true) chosenFrame = frameSelect.value;
    // The picker shows where the facilitator will put the notes, not a stale choice.
    frameSelect.disabled = state.on;
    frameSelect.value = state.on ? (state.frameId ?? "") : brainstormWas ? chosenFrame : frameSelect.value;
    const target = state.frameId ? elementsMap.get(state.frameId)?.name : null;
    frameHint.hidden = !state.on;
    frameHint.textContent = state.on ? `During the brainstorm the facilitator places the notes${target ? ` in “${target}”` : " on a free area of the board"}.` : "";
    if (brainstormWas !== null && brainstormWas !== state.on) {
      announce(state.on ? "Private brainstorm started: your notes are seen only by you until they are revealed." : `Brainstorm notes revealed: ${count(state.count ?? 0, "note")} now on the board.`);
    }
    if (brainstormWas !== state.on) {
      if (state.on && canWrite) api.get<{ notes: { id: number; text: string }[] }>("brainstorm/notes").then((r) => renderPrivate(r.notes), (e: Error) => composeMessage.show(e.message));
      else renderPrivate([]);
    }
    brainstormWas = state.on;
    renderComposeState();
  };
  doc.getMap(ROOTS.facilitation).observe(renderBrainstorm);

  let frameKey = "";
  const renderFrames = (): void => {
    const choices = frameChoices(elements());
    const key = JSON.stringify(choices);
    if (key === frameKey) return;
    frameKey = key;
    const selected = frameSelect.value;
    frameSelect.replaceChildren(h("option", { value: "" }, brainstorm().on ? "A free area of the board" : "Anywhere"), ...choices.map((f) => h("option", { value: f.id }, f.name)));
    frameSelect.value = choices.some((f) => f.id === selected) ? selected : "";
  };

  /** Notes written on this phone: their frames are kept tall enough to hold them. */
  const written = new Set<string>();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textBox.value.trim();
    if (!text) {
      composeMessage.show("Write something first.");
      textBox.focus();
      return;
    }
    if (brainstorm().on) {
      api.post<{ notes: { id: number; text: string }[] }>("brainstorm/notes", { text, color: color.background }).then((r) => {
        renderPrivate(r.notes);
        textBox.value = "";
        composeMessage.clear();
        announce("Private note added.");
      }, (e: Error) => composeMessage.show(e instanceof NetworkError ? `${e.message} Your note is still here; add it when you are back online.` : e.message));
      return;
    }
    const all = elements();
    const frame = all.find((e) => e.id === frameSelect.value && e.type === "frame" && !e.isDeleted) ?? null;
    const built = buildNote(all, { text, author: config.user.name, authorId: facilitation?.participantId || undefined, color: color.background, frame });
    doc.transact(() => {
      elementsMap.set(built.rectangle.id as string, built.rectangle as unknown as DocElement);
      elementsMap.set(built.label.id as string, built.label as unknown as DocElement);
      if (built.grownFrame) elementsMap.set(built.grownFrame.id as string, built.grownFrame as unknown as DocElement);
    }, LOCAL_ORIGIN);
    written.add(built.rectangle.id as string);
    textBox.value = "";
    composeMessage.clear();
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
      const regrow = framesToRegrow(elements(), written);
      if (regrow.length > 0) {
        doc.transact(() => {
          for (const frame of regrow) elementsMap.set(frame.id as string, frame as unknown as DocElement);
        }, LOCAL_ORIGIN);
      }
    }, 300);
  });

  // -- access ended: the way back in ----------------------------------------------------------
  async function showRejoin(): Promise<void> {
    rejoin.hidden = false;
    rejoin.replaceChildren(h("h2", {}, "You are no longer connected to this board"), h("p", {}, "Finding out why…"));
    const offer = await fetchRejoinOffer(config.rejoinUrl, config.token);
    rejoin.replaceChildren(
      h("h2", {}, "You are no longer connected to this board"),
      h("p", { "data-testid": "rejoin-reason" }, offer?.reason ?? "Your access was withdrawn by the facilitator."),
      offer?.displayCode
        ? h("a", { class: "phone-button phone-button--primary phone-link-button", href: offer.joinUrl }, `Rejoin with code ${offer.displayCode}`)
        : h("a", { class: "phone-button phone-link-button", href: offer?.joinUrl ?? "/join/" }, "Enter a join code"),
    );
    rejoin.scrollIntoView({ block: "start" });
  }

  // -- the page -------------------------------------------------------------------------------
  const main = h("main", { class: "phone-main", id: "phone-main" },
    rejoin,
    voteSection,
    h("section", { class: "phone-card", "aria-labelledby": "phone-react-title" }, h("h2", { id: "phone-react-title" }, "React"), reactionGroup, reactionMessage.element),
    privateList,
    canWrite ? form : h("p", { class: "phone-card" }, "View only: you can follow along but not add notes."));
  root.querySelector(".phone-header")?.append(connection, timerSection);
  root.append(main, announcer);
  store.subscribe(renderConnection);
  renderConnection();
  renderFrames();
  renderTimer();
  renderVote();
  renderReactions();
  renderBrainstorm();
  window.addEventListener("online", renderConnection);
  window.addEventListener("offline", renderConnection);
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    renderFrames();
    renderVote();
  });
}

start();
