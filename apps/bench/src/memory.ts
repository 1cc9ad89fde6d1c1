// Peak memory: reading it from Linux's /proc text and printing it. Pure functions; where the
// text comes from is runtime.ts's business.

/**
 * The peak resident set size ("high water mark", `VmHWM`) in bytes from the text of
 * `/proc/<pid>/status`, or null when the line is missing.
 *
 * @example
 * ```ts
 * parseVmHwm("Name:\tnode\nVmHWM:\t  51200 kB\n"); // 52428800
 * ```
 */
export function parseVmHwm(status: string): number | null {
  const match = /^VmHWM:\s*(\d+)\s*kB\s*$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/**
 * Bytes as mebibytes with no decimals, or "–" for an unknown value.
 *
 * @example
 * ```ts
 * formatMiB(52428800); // "50"
 * ```
 */
export function formatMiB(bytes: number | undefined | null): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes)) return "–";
  return (bytes / 1048576).toFixed(0);
}
