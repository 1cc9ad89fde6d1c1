// A static file server for the built dist/ on 127.0.0.1 (a random free port).
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

/**
 * Serves `root` read-only under the path `prefix` (e.g. "/a/b/", as a static host's
 * subfolder; anything outside it is a 404); resolves with the server and its base URL
 * (ending in "/").
 *
 * @example
 * ```ts
 * const { url, server } = await serveStatic("dist", "/some/folder/");
 * ```
 */
export async function serveStatic(
  root: string,
  prefix = "/",
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (!full.startsWith(prefix)) {
      res.writeHead(404).end("not found");
      return;
    }
    const path = `/${full.slice(prefix.length)}`;
    const rel = normalize(path === "/" ? "/index.html" : path);
    if (rel.includes("..")) {
      res.writeHead(400).end();
      return;
    }
    try {
      const body = await readFile(join(root, rel));
      res.writeHead(200, {
        "content-type": TYPES[extname(rel)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${prefix}`, server };
}
