// Entry point of the phone page (rollup input "phone"): the light page for people in the
// room. Plain DOM + yjs + y-websocket; nothing here may import Excalidraw or React (the
// first load must stay under 150 KB). It writes into the same board document as the
// canvas, through the same facilitation endpoints as the board page. Each part of the page
// is a section (./sections); this file only puts them together.
import { setLanguage, t } from "../i18n";
import "./phone.css";
import type * as Y from "yjs";
import { type BoardConfig, readConfig } from "../config";
import { FacilitationApi } from "../facilitation/api";
import { ServerClock } from "../facilitation/clock";
import { readFacilitationConfig } from "../facilitation/config";
import { openBoardSession } from "../provider";
import { ROOTS } from "../schema";
import type { PhoneContext } from "./context";
import { h, liveAnnouncer } from "./dom";
import type { DocElement } from "./notes";
import { mountBoardList } from "./sections/boardList";
import { mountBrainstorm } from "./sections/brainstorm";
import { mountConnection } from "./sections/connection";
import { mountHarvest } from "./sections/harvest";
import { mountNotes } from "./sections/notes";
import { mountReactions } from "./sections/reactions";
import { mountTimer } from "./sections/timer";
import { mountVote } from "./sections/vote";

declare global {
  interface Window {
    /** What end-to-end tests read on the phone page. */
    __indabaPhone?: { doc: Y.Doc; provider: unknown };
  }
}

function start(): void {
  const root = document.getElementById("phone-root");
  if (!root) return;
  let config: BoardConfig;
  try {
    config = readConfig();
  } catch (error) {
    // As on the board page: the detail to the console, a sentence in the page's language
    // (the server's <html lang>) to the person.
    console.error("board config:", (error as Error).message);
    root.append(h("p", { class: "phone-message", role: "alert" },
      t("board.startFailed", {}, setLanguage(document.documentElement.lang.slice(0, 2)))));
    return;
  }
  setLanguage(config.language);
  const facilitation = readFacilitationConfig();
  const session = openBoardSession(config);
  const { doc, provider } = session;
  window.__indabaPhone = { doc, provider };
  const elementsMap = doc.getMap<DocElement>(ROOTS.elements);
  const announcer = liveAnnouncer();

  // The sections call each other only through these hooks (called after all are mounted).
  const connection = mountConnection(session, config, announcer.announce, {
    onReachable: () => void reactions.sendWaiting(),
    onChange: () => {
      vote.render();
      brainstorm.renderComposeState();
      harvest.render();
    },
  });
  const context: PhoneContext = {
    config,
    facilitation,
    doc,
    api: new FacilitationApi(facilitation?.facilitationUrl ?? `/boards/${config.boardId}/facilitation`, config.token),
    clock: new ServerClock(facilitation?.serverNow ?? Date.now()),
    canWrite: config.role === "editor",
    elementsMap,
    elements: () => Array.from(elementsMap.values()),
    announce: announcer.announce,
    online: connection.online,
  };
  const timer = mountTimer(context);
  const vote = mountVote(context);
  const reactions = mountReactions(context);
  const notes = mountNotes(context, provider, { on: () => brainstorm.on(), add: (text, color) => brainstorm.add(text, color) }, () => {
    vote.render();
    boardList.render();
  });
  const brainstorm = mountBrainstorm(context, notes.controls);
  const harvest = mountHarvest(context);
  const boardList = mountBoardList(context);

  // -- the page -------------------------------------------------------------------------------
  const main = h("main", { class: "phone-main", id: "phone-main" },
    connection.rejoin,
    vote.element,
    reactions.element,
    brainstorm.privateList,
    context.canWrite ? notes.controls.form : h("p", { class: "phone-card" }, t("phone.viewOnly")),
    harvest.element,
    boardList.element);
  root.querySelector(".phone-header")?.append(connection.status, timer.element);
  root.append(main, announcer.element);
  connection.start();
  notes.renderFrames();
  timer.render();
  vote.render();
  reactions.render();
  brainstorm.render();
  boardList.render();
  const renderConnection = connection.render;
  window.addEventListener("online", renderConnection);
  window.addEventListener("offline", renderConnection);
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    notes.renderFrames();
    vote.render();
    boardList.render();
  });
}

start();
