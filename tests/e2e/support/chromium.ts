/**
 * Debian's Chromium and the flags it runs with here (see ../shared/notes/stack-trial.md), for the
 * browser tests (playwright.config.ts) and the benchmark's browser figures (bench/browser.ts).
 * Playwright never downloads a browser.
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Nothing but loopback resolves: a page that tries to reach the internet fails visibly.
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
];
