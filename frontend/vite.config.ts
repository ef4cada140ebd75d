import { defineConfig } from "vitest/config";
import { resolve } from "node:path";
import { copyExcalidrawFonts } from "./build/copyExcalidrawFonts";
import { precompress } from "./build/precompress";

// Django serves frontend/dist at this URL prefix (WhiteNoise).
const BASE = "/static/board/";

export default defineConfig({
  base: BASE,
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
      input: { board: resolve(__dirname, "src/board/main.tsx") },
    },
  },
  plugins: [copyExcalidrawFonts(), precompress()],
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
