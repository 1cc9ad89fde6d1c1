// Debian's Chromium for the browser part of the smoke test. A fresh CI machine does not have
// it: as root, this installs the `chromium` package with apt-get; otherwise it fails with a
// message saying how to install it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet headless Chromium on a machine without outside network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function apt(args) {
  console.error(`$ apt-get ${args.join(" ")}`);
  const r = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (r.status !== 0)
    throw new Error(`apt-get ${args.join(" ")} failed (exit ${r.status ?? r.error?.message})`);
}

/** Makes sure Chromium is installed; returns its path. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's package first: ` +
        "sudo apt-get update && sudo apt-get install -y chromium",
    );
  }
  console.error(`Chromium not found at ${CHROMIUM}; installing Debian's chromium package`);
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "chromium"]);
  if (!existsSync(CHROMIUM))
    throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}
