import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "train",
    include: ["test/**/*.test.ts"],
  },
});
