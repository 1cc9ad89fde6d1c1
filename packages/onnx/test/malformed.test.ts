import { describe, expect, it } from "vitest";
import { fromONNX } from "../src/index.ts";
import { cases } from "./malformed.ts";

describe("fromONNX rejects malformed and unsupported models with typed errors", () => {
  it("has at least 20 bad files", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const c of cases) {
    it(c.name, () => {
      const bytes = c.bytes();
      let thrown: unknown;
      try {
        fromONNX(bytes as Uint8Array, c.options ?? {});
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(c.error);
      const message = (thrown as Error).message;
      expect(message).toMatch(/fromONNX/);
      if (typeof c.message === "string") expect(message).toContain(c.message);
      else expect(message).toMatch(c.message);
    });
  }
});
