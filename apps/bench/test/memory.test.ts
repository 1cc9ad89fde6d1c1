import { describe, expect, it } from "vitest";
import { formatMiB, parseVmHwm } from "../src/memory.ts";

describe("memory", () => {
  it("reads VmHWM (kB) from /proc status text", () => {
    const status = "Name:\tnode\nVmPeak:\t 900000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t 40000 kB\n";
    expect(parseVmHwm(status)).toBe(51200 * 1024);
    expect(parseVmHwm("Name:\tnode\n")).toBeNull();
  });

  it("formats bytes as whole MiB and unknown values as a dash", () => {
    expect(formatMiB(52428800)).toBe("50");
    expect(formatMiB(1.6 * 1048576)).toBe("2");
    expect(formatMiB(undefined)).toBe("–");
    expect(formatMiB(null)).toBe("–");
  });
});
