// Parses SVG text with a real XML parser (@xmldom/xmldom); any warning or error fails.
// Plus one check xmldom leaves out: every "&" starts an entity. Used by the vitest and the
// Deno tests alike.
import { DOMParser, type Element } from "@xmldom/xmldom";

/** The parsed document's root element; throws on malformed XML. */
export function parseSvg(text: string): Element {
  const bare = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.exec(text);
  if (bare !== null) throw new Error(`XML error: bare "&" at offset ${bare.index}`);
  const doc = new DOMParser({
    onError: (level: string, message: string) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, "image/svg+xml");
  const root = doc.documentElement;
  if (root === null) throw new Error("XML: no root element");
  return root;
}

/** Elements with this tag name (`*`: any) and, optionally, this class. */
export function elements(root: Element, tag: string, cls?: string): Element[] {
  const all: Element[] = Array.from(root.getElementsByTagName(tag));
  return cls === undefined
    ? all
    : all.filter((e) => (e.getAttribute("class") ?? "").split(" ").includes(cls));
}
