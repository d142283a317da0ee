/**
 * End-to-end tests against the real built app on a fresh embedded database.
 * `npm run test:e2e` builds Cairn, serves it on an unusual port with a new temporary data directory,
 * and drives Debian's Chromium (never a downloaded browser).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tests/e2e/support/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3107);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Playwright loads this file in the runner and in each worker: make the directory once and pass it on.
process.env.CAIRN_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "cairn-e2e-"));
const dataDir = process.env.CAIRN_E2E_DATA_DIR;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.e2e.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: "npm run build && npm run serve",
    url: BASE_URL,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      CAIRN_DATA_DIR: dataDir,
      DATABASE_URL: "",
      APP_URL: BASE_URL,
    },
  },
});
