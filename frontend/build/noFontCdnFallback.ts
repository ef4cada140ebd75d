import type { Plugin } from "vite";

const FALLBACK = /("ASSETS_FALLBACK_URL",\s*)`https:\/\/esm\.sh\/[\s\S]*?\/dist\/prod\/`/g;

/**
 * Excalidraw 0.18 appends a public CDN (esm.sh) to every font face's sources
 * as a fallback after EXCALIDRAW_ASSET_PATH. Even with CSP blocking it, the
 * browser reports a blocked request per font face. Point the fallback at our
 * own asset path instead, so no font source names another origin.
 * The build fails if the pattern is not found (e.g. after an upgrade).
 */
export function noFontCdnFallback(base: string): Plugin {
  let replaced = 0;
  return {
    name: "indaba:no-font-cdn-fallback",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("@excalidraw/excalidraw") || !code.includes("ASSETS_FALLBACK_URL")) return null;
      let count = 0;
      const out = code.replace(FALLBACK, (_match, prefix: string) => {
        count++;
        return `${prefix}(window.location.origin + ${JSON.stringify(base)})`;
      });
      replaced += count;
      return count > 0 ? { code: out, map: null } : null;
    },
    buildEnd(error) {
      if (!error && this.meta.watchMode === false && replaced === 0) {
        this.error("Excalidraw's font CDN fallback (ASSETS_FALLBACK_URL) was not found; update build/noFontCdnFallback.ts");
      }
    },
  };
}
