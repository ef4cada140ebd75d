// Loaded by main.tsx only after window.EXCALIDRAW_ASSET_PATH is set.
import { setLanguage, t } from "../i18n";
import { keepPageLanguage } from "../i18n/pageLanguage";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConfigError, readConfig } from "../config";
import { ConnectionStore } from "../connection/store";
import { openBoardSession } from "../provider";
import { BoardApp } from "./BoardApp";
import { exposeForTests } from "./testHandle";

const ROOT_ID = "board-root";

export function start(): void {
  const root = document.getElementById(ROOT_ID);
  if (!root) throw new Error(`Missing <div id="${ROOT_ID}"> in the page`);
  let config;
  try {
    config = readConfig();
  } catch (error) {
    // No config, so no page language from it: the server's <html lang> says which it is.
    root.textContent = error instanceof ConfigError ? error.message : t("board.startFailed", {}, setLanguage(document.documentElement.lang.slice(0, 2)));
    root.setAttribute("role", "alert");
    throw error;
  }
  setLanguage(config.language);
  keepPageLanguage(config.language);
  const session = openBoardSession(config);
  const connection = new ConnectionStore(session.doc, session.provider);
  // Available before the editor mounts; `api` is filled in once it has.
  exposeForTests({ doc: session.doc, provider: session.provider, api: null });
  createRoot(root).render(
    <StrictMode>
      <BoardApp config={config} session={session} connection={connection} />
    </StrictMode>,
  );
}

