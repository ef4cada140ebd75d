// Entry point of the board page (rollup input "board").
//
// EXCALIDRAW_ASSET_PATH must be set before any Excalidraw module runs: it
// registers its font faces while its module is evaluated. Static imports of
// other chunks are evaluated before this chunk's own code, so the editor is
// loaded with a dynamic import after the asset path is set.
//
// The board's connection is opened first (./early imports no Excalidraw): the
// socket, the server's answer and decoding the document then overlap with
// loading, parsing and mounting the editor instead of waiting for them.
import "./assetPath";
import "@excalidraw/excalidraw/index.css";
import "../ui/board.css";
import { openEarly } from "./early";

const early = openEarly();
void import("./start").then(({ start }) => start(early));
