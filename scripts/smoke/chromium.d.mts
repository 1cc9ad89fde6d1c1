// Types of chromium.mjs, for TypeScript tests that start Debian's Chromium.

/** Path of Debian's Chromium. */
export declare const CHROMIUM: string;
/** Flags for a quiet headless Chromium on a machine without outside network. */
export declare const CHROMIUM_ARGS: string[];
/** Makes sure Chromium is installed (apt-get as root); returns its path. */
export declare function ensureChromium(): string;
