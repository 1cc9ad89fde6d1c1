import { resolve } from "node:path";
import { defineConfig } from "vite";

// A static site: relative asset paths (`base: "./"`) so `dist/` works from any folder of any
// static host; the training worker is an ES module worker bundled by Vite.
export default defineConfig({
  base: "./",
  worker: { format: "es" },
  build: {
    target: "es2022",
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        bench: resolve(import.meta.dirname, "bench.html"),
      },
    },
  },
});
