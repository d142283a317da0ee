/**
 * Browser figures of `npm run bench`: the signed-in dashboard loaded in Debian's Chromium through
 * Playwright (flags as playwright.config.ts; never a downloaded browser), a fresh browser context
 * (cold cache) per load:
 *  - Largest Contentful Paint: the last `largest-contentful-paint` entry (PerformanceObserver,
 *    buffered), read 1 s after the load event;
 *  - Cumulative Layout Shift: layout-shift entries without recent input, grouped in session windows
 *    (gap < 1 s, window ≤ 5 s) as web-vitals does; the largest window;
 *  - JavaScript shipped: every script response of the load, its body gzipped here (zlib level 6,
 *    what a reverse proxy would do; `next start` itself compresses too) and summed.
 * Median (and p95) over the loads.
 */
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../tests/e2e/support/chromium";

export type BrowserFigures = {
  loads: number;
  lcpMs: number[];
  cls: number[];
  lcpMedianMs: number;
  lcpP95Ms: number;
  clsMedian: number;
  clsMax: number;
  jsGzipBytes: number;
  jsRawBytes: number;
  scripts: number;
  lcpElement?: string;
  /** Set when the measurement failed (e.g. a render slower than the timeout). */
  error?: string;
};

const VITALS_SCRIPT = `
  window.__vitals = { lcp: 0, lcpEl: "", shifts: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__vitals.lcp = e.startTime;
      window.__vitals.lcpEl = e.element ? e.element.tagName + (e.element.id ? "#" + e.element.id : "") : String(e.url || "");
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.shifts.push([e.startTime, e.value]);
  }).observe({ type: "layout-shift", buffered: true });
`;

function sessionWindowCls(shifts: [number, number][]): number {
  let best = 0;
  let current = 0;
  let first = 0;
  let last = 0;
  for (const [t, v] of shifts) {
    if (current > 0 && t - last < 1000 && t - first < 5000) {
      current += v;
    } else {
      current = v;
      first = t;
    }
    last = t;
    best = Math.max(best, current);
  }
  return best;
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? Number.NaN;
};

export async function measureDashboardInBrowser(
  base: string,
  cookie: string,
  options: { loads: number; warmup: number; timeoutMs: number; pathName?: string },
): Promise<BrowserFigures> {
  const { loads, warmup, timeoutMs } = options;
  const pathName = options.pathName ?? "/";
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const url = new URL(base);
  const cookies = cookie.split("; ").map((c) => {
    const i = c.indexOf("=");
    return { name: c.slice(0, i), value: c.slice(i + 1), domain: url.hostname, path: "/" };
  });
  const lcpMs: number[] = [];
  const cls: number[] = [];
  let jsGzipBytes = 0;
  let jsRawBytes = 0;
  let scripts = 0;
  let lcpElement: string | undefined;
  try {
    // Warm-up loads (server-side caches, Chromium's first start), then the measured ones.
    for (let i = -warmup; i < loads; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies(cookies);
      await context.addInitScript(VITALS_SCRIPT);
      const page = await context.newPage();
      const bodies: Promise<Buffer | null>[] = [];
      page.on("response", (res) => {
        if (res.request().resourceType() === "script") bodies.push(res.body().catch(() => null));
      });
      const response = await page.goto(`${base}${pathName}`, { waitUntil: "load", timeout: timeoutMs });
      if (!response?.ok()) throw new Error(`dashboard answered ${response?.status()}`);
      const signedIn = await page.locator("text=Sign in to Cairn").count();
      if (signedIn > 0) throw new Error("the browser is not signed in (the session cookie was refused)");
      await page.waitForTimeout(1000);
      const v = (await page.evaluate("window.__vitals")) as {
        lcp: number;
        lcpEl: string;
        shifts: [number, number][];
      };
      if (i >= 0) {
        lcpMs.push(Math.round(v.lcp));
        cls.push(Math.round(sessionWindowCls(v.shifts) * 10_000) / 10_000);
        lcpElement = v.lcpEl;
        if (i === 0) {
          const all = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
          scripts = all.length;
          jsRawBytes = all.reduce((a, b) => a + b.length, 0);
          jsGzipBytes = all.reduce((a, b) => a + gzipSync(b, { level: 6 }).length, 0);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    loads,
    lcpMs,
    cls,
    lcpMedianMs: q(lcpMs, 0.5),
    lcpP95Ms: q(lcpMs, 0.95),
    clsMedian: q(cls, 0.5),
    clsMax: Math.max(...cls),
    jsGzipBytes,
    jsRawBytes,
    scripts,
    lcpElement,
  };
}
