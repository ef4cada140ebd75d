// Loaded by main.tsx only after window.EXCALIDRAW_ASSET_PATH is set.
import { setLanguage, t } from "../i18n";
import { keepPageLanguage } from "../i18n/pageLanguage";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConfigError } from "../config";
import { BoardApp } from "./BoardApp";
import type { EarlyBoard, EarlyFailure } from "./early";

const ROOT_ID = "board-root";

/** Mounts the board page on the connection main.tsx opened (see early.ts). */
export function start(early: EarlyBoard | EarlyFailure): void {
  const root = document.getElementById(ROOT_ID);
  if (!root) throw new Error(`Missing <div id="${ROOT_ID}"> in the page`);
  if ("error" in early) {
    const { error } = early;
    // No config, so no page language from it: the server's <html lang> says which it is.
    // What was wrong with the config is for the developer (the console), not the person.
    console.error("board config:", error instanceof ConfigError ? error.message : error);
    root.textContent = t("board.startFailed", {}, setLanguage(document.documentElement.lang.slice(0, 2)));
    root.setAttribute("role", "alert");
    throw error;
  }
  const { config, session, connection } = early;
  setLanguage(config.language);
  keepPageLanguage(config.language);
  createRoot(root).render(
    <StrictMode>
      <BoardApp config={config} session={session} connection={connection} />
    </StrictMode>,
  );
}

