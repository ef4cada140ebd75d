// Opens the board's connection before the editor's code has loaded (main.tsx calls this
// at once; the Excalidraw chunk then loads and mounts while the socket opens, the server
// answers and the document is decoded). Nothing here may import Excalidraw or React:
// main.tsx imports this module statically, so anything it imports is loaded and run
// before the connection opens.
import { type BoardConfig, readConfig } from "../config";
import { ConnectionStore } from "../connection/store";
import { type BoardSession, openBoardSession } from "../provider";
import { exposeForTests } from "./testHandle";

export interface EarlyBoard {
  config: BoardConfig;
  session: BoardSession;
  connection: ConnectionStore;
}

/** The config could not be read: start() says so on the page. */
export interface EarlyFailure {
  error: unknown;
}

/**
 * The page's config, its open session and the store that follows its connection (made
 * at the same moment, so it sees every status and sync event), or why the config is
 * missing or invalid.
 */
export function openEarly(doc: Document = document): EarlyBoard | EarlyFailure {
  let config: BoardConfig;
  try {
    config = readConfig(doc);
  } catch (error) {
    return { error };
  }
  const session = openBoardSession(config);
  const connection = new ConnectionStore(session.doc, session.provider);
  // Available before the editor mounts; `api` is filled in once it has.
  exposeForTests({ doc: session.doc, provider: session.provider, api: null });
  return { config, session, connection };
}
