import { cpSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vite";

const FONTS = resolve(import.meta.dirname, "node_modules/@excalidraw/excalidraw/dist/prod/fonts");

export default defineConfig({
  base: "/",
  define: { "process.env.IS_PREACT": JSON.stringify("false") },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  plugins: [
    {
      name: "copy-excalidraw-fonts",
      closeBundle() {
        cpSync(FONTS, resolve(import.meta.dirname, "dist/fonts"), { recursive: true });
      },
    },
  ],
});
