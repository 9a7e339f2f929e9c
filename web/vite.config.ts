import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
/** The Worker that answers /api, /admin and the live socket while the panel runs under `vite`. */
const worker = process.env.ATENBOT_WORKER_URL ?? "http://127.0.0.1:8787";

export default defineConfig({
  root,
  publicDir: "public",
  // Preact through the built-in JSX transform: no framework plugin needed.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    cssCodeSplit: true,
  },
  server: {
    proxy: {
      "/api": { target: worker, ws: true, changeOrigin: false },
      "/admin": { target: worker, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/api": { target: worker, ws: true, changeOrigin: false },
      "/admin": { target: worker, changeOrigin: false },
    },
  },
});
