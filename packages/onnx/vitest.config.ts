import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "onnx",
    include: ["test/**/*.test.ts"],
  },
});
