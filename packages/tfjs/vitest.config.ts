import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "tfjs",
    include: ["test/**/*.test.ts"],
  },
});
