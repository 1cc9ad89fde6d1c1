import { defineConfig } from "vitest/config";

// One config, every workspace package a project.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
  },
});
