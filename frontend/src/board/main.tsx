// Entry point of the board page (rollup input "board").
//
// EXCALIDRAW_ASSET_PATH must be set before any Excalidraw module runs: it
// registers its font faces while its module is evaluated. Static imports of
// other chunks are evaluated before this chunk's own code, so the editor is
// loaded with a dynamic import after the asset path is set.
import "./assetPath";
import "@excalidraw/excalidraw/index.css";
import "../ui/board.css";

void import("./start").then(({ start }) => start());
