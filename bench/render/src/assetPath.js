// Must run before Excalidraw's module: it registers its fonts when it loads.
// The fonts are copied into dist/fonts/ by vite.config.js (no CDN in the benchmark).
window.EXCALIDRAW_ASSET_PATH = "/";
