import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    // Numerical suites (kernel oracles, short trainings) take seconds; CI has 2 busy cores.
    testTimeout: 30_000,
  },
});
