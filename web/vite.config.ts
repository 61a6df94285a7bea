import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// `npm run dev` serves the app on :5173 and sends the API to a Warbler on :5080.
const api = { target: "http://localhost:5080", changeOrigin: false };

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      "/api": api,
      "/v1": api,
      "/hubs": { ...api, ws: true },
    },
  },
});
