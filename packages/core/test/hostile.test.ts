import { describe, expect, it } from "vitest";
import { checkCase } from "./hostile/case.ts";
import { hostileCases } from "./hostile/index.ts";

describe("hostile inputs (core): each gets its typed error and message", () => {
  it.each(hostileCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    expect(await checkCase(c)).toBeNull();
  });
});
