import { searchForWorkspaceRoot } from "vite";
import { defineConfig } from "vitest/config";
import { resolve } from "node:path";
import { copyExcalidrawFonts } from "./build/copyExcalidrawFonts";
import { noFontCdnFallback } from "./build/noFontCdnFallback";
import { precompress } from "./build/precompress";

// Django serves frontend/dist at this URL prefix (WhiteNoise).
const BASE = "/static/board/";

export default defineConfig({
  base: BASE,
  server: {
    fs: {
      // src/schema imports the board schema the Python side reads too (outside frontend/).
      allow: [searchForWorkspaceRoot(process.cwd()), resolve(__dirname, "../src/indaba/boards/schema")],
    },
  },
  esbuild: { jsx: "automatic" },
  define: {
    // Excalidraw reads process.env.* in a few places; give it production values.
    "process.env.IS_PREACT": JSON.stringify("false"),
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        board: resolve(__dirname, "src/board/main.tsx"),
        // The light page for people in the room: no Excalidraw, no React (see src/phone/).
        phone: resolve(__dirname, "src/phone/main.tsx"),
      },
      onwarn(warning, warn) {
        // Radix UI (inside Excalidraw) marks modules "use client"; meaningless here.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  plugins: [noFontCdnFallback(BASE), copyExcalidrawFonts(), precompress()],
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
