import { cp } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin, ResolvedConfig } from "vite";

/**
 * Copies Excalidraw's bundled fonts into `<outDir>/fonts/` so that the page
 * loads them from our own origin (window.EXCALIDRAW_ASSET_PATH points there)
 * instead of Excalidraw's public CDN fallback.
 */
export function copyExcalidrawFonts(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "indaba:copy-excalidraw-fonts",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle() {
      const require = createRequire(import.meta.url);
      // The package's main entry is dist/prod/index.js; the fonts sit beside it.
      const entry = require.resolve("@excalidraw/excalidraw", { paths: [config.root] });
      const source = join(dirname(entry), "fonts");
      const target = join(config.root, config.build.outDir, "fonts");
      await cp(source, target, { recursive: true });
    },
  };
}
