// Imported first by main.tsx: Excalidraw reads this when it loads fonts.
// Without it Excalidraw falls back to a public CDN, which the page's CSP blocks.
declare global {
  interface Window {
    EXCALIDRAW_ASSET_PATH?: string | string[];
  }
}

window.EXCALIDRAW_ASSET_PATH = "/static/board/";

export {};
