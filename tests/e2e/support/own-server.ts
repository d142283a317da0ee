/**
 * A Cairn of a spec's own: the build Playwright's webServer made, served by `npm run serve`'s
 * script on its own port with a fresh embedded database, so specs that need an empty Cairn (setup,
 * the demo button) do not depend on each other. Started in its own process group so that stopping
 * it stops npx, tsx and the server together.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";

/** Each spec's server sits at E2E_PORT + its offset, so a parallel run can move them all. */
export function ownPort(offset: number): number {
  return Number(process.env.E2E_PORT ?? 3107) + offset;
}

export type OwnServer = {
  base: string;
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
};

export async function startOwnServer(name: string, port: number): Promise<OwnServer> {
  const base = `http://127.0.0.1:${port}`;
  // Another server still on this port would answer for ours: refuse to start on top of it.
  const busy = await fetch(base).then(
    () => true,
    () => false,
  );
  expect(busy, `port ${port} is already in use`).toBe(false);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `cairn-e2e-${name}-`));
  let log = "";
  const server: ChildProcess = spawn("npx", ["tsx", "src/cli/serve.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: base,
      CAIRN_DATA_DIR: dataDir,
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout?.on("data", (d) => {
    log += d;
  });
  server.stderr?.on("data", (d) => {
    log += d;
  });
  const stop = async () => {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((r) => server.once("exit", r));
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        server.kill("SIGTERM");
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    const up = await fetch(`${base}/sign-in`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the ${name} test server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, dataDir, log: () => log, stop };
}

/** On an empty Cairn, "Load demo data" loads the demo and signs the visitor in as its CEO. */
export async function loadDemoSignedIn(
  browser: Browser,
  base: string,
  adminName: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("banner").getByText(adminName)).toBeVisible({ timeout: 60_000 });
  return { context, page };
}
