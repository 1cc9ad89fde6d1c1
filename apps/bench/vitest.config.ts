import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "bench",
    include: ["test/**/*.test.ts"],
    // Some tests run every candidate on a tiny workload; CI has 2 busy cores.
    testTimeout: 30_000,
  },
});
