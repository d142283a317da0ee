/**
 * One-click check-in from the weekly email, end to end: load the demo, run the weekly sweep for a
 * Monday 09:00 (`npm run sweep` on the same data directory while the server is stopped), read a
 * received email's link in /admin/outbox as the demo admin, open it in a fresh browser context with
 * no session and no JavaScript, update two key results and see their statuses change.
 *
 * Runs its own Cairn (port E2E_PORT + 30, its own data directory) from the build Playwright's webServer made.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { Temporal } from "temporal-polyfill";
import { CURRENT_OBJECTIVES, DEMO_EMAIL_DOMAIN, DEMO_PEOPLE, DEMO_TEAMS } from "../../src/server/demo-data";

// Its own server, on its own port (offset from the main e2e server so parallel runs can move both).
const PORT = Number(process.env.E2E_PORT ?? 3107) + 30;
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");
const admin = DEMO_PEOPLE.find((p) => p.admin)!;

/** "Jan Schäfer" → "jan.schafer@northwind.example", as the demo loader makes addresses. */
const emailOf = (name: string) =>
  `${name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")
    .replace(/^\.|\.$/g, "")}@${DEMO_EMAIL_DOMAIN}`;

/** A Berlin person who owns at least two increase/decrease key results still under way in the demo. */
const recipient = (() => {
  const counts = new Map<string, number>();
  for (const o of CURRENT_OBJECTIVES) {
    const objectiveOwner = o.level === "TEAM" ? DEMO_TEAMS.find((t) => t.key === o.owner)!.lead : o.owner;
    for (const k of o.keyResults) {
      if ((k.kind !== "INCREASE" && k.kind !== "DECREASE") || k.scenario === "done") continue;
      const owner = k.owner ?? objectiveOwner;
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
  }
  const person = DEMO_PEOPLE.find((p) => p.timeZone === "Europe/Berlin" && (counts.get(p.key) ?? 0) >= 2);
  if (!person) throw new Error("the demo has nobody in Berlin with two increase/decrease key results");
  return person;
})();

let server: ChildProcess | undefined;
let dataDir: string;
let serverLog = "";

const serverEnv = () => ({
  ...process.env,
  PORT: String(PORT),
  HOST: "127.0.0.1",
  APP_URL: BASE,
  CAIRN_DATA_DIR: dataDir,
  DATABASE_URL: "",
  SMTP_URL: "",
  NEXT_TELEMETRY_DISABLED: "1",
});

async function startServer(): Promise<void> {
  server = spawn("npx", ["tsx", "src/cli/serve.ts"], {
    env: serverEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout?.on("data", (d) => {
    serverLog += d;
  });
  server.stderr?.on("data", (d) => {
    serverLog += d;
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(`${BASE}/sign-in`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the one-click test server did not start:\n${serverLog}`);
    if (server.exitCode !== null) throw new Error(`the one-click test server exited:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopServer(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s || s.exitCode !== null || s.pid === undefined) return;
  const exited = new Promise((r) => s.once("exit", r));
  process.kill(-s.pid, "SIGTERM"); // the process group this spec started (npx → tsx → node)
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

/** The most recent Monday, 09:00 in Berlin (the demo organisation's reminder time). */
function lastMondayNine(): string {
  const today = Temporal.Now.plainDateISO("Europe/Berlin");
  const monday = today.subtract({ days: today.dayOfWeek - 1 });
  return monday
    .toZonedDateTime({ timeZone: "Europe/Berlin", plainTime: "09:00" })
    .toString({ timeZoneName: "never" });
}

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

let link = "";
let emailHtml = "";
let storage: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(300_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "cairn-e2e-one-click-"));
  await startServer();
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("banner").getByText(admin.name)).toBeVisible({ timeout: 60_000 });
  storage = await context.storageState();
  await context.close();

  // The sweep runs against the same embedded database, which one process at a time may open.
  await stopServer();
  const out = execFileSync("npx", ["tsx", "src/cli/sweep.ts", "--now", lastMondayNine()], {
    env: serverEnv(),
    encoding: "utf8",
  });
  expect(out).toMatch(/Emails queued: [1-9]/);
  await startServer();
});

test.afterAll(async () => {
  await stopServer();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("the admin finds the weekly email in the outbox; it renders as a proper email", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE, storageState: storage });
  const page = await context.newPage();
  await page.goto("/admin/outbox");
  const card = page
    .getByRole("article")
    .filter({ hasText: "WEEKLY_CHECK_IN" })
    .filter({ hasText: emailOf(recipient.name) })
    .first();
  await expect(card).toBeVisible();
  await expect(card.getByRole("heading")).toContainText(/Weekly OKR check-in — .+, week \d+ of \d+/);
  const text = ((await card.locator("pre").first().textContent()) ?? "").trim();
  const match = new RegExp(`${BASE.replace(/\./g, "\\.")}/u/[A-Za-z0-9_-]{43}(?=\\s)`).exec(text);
  expect(match).toBeTruthy();
  link = match![0];
  emailHtml = (await card.locator("details pre").textContent()) ?? "";
  expect(emailHtml).toContain("<!DOCTYPE html");
  await context.close();

  const view = await browser.newPage({ javaScriptEnabled: false });
  await view.setViewportSize({ width: 720, height: 900 });
  await view.setContent(emailHtml);
  await expect(view.getByText("Update all my key results")).toBeVisible();
  await expect(view.getByText("What's blocking you?")).toBeVisible();
  await view.screenshot({ path: path.join(SCREENSHOTS, "one-click-email.png"), fullPage: true });
  await view.close();
});

test("the link opens without a session or JavaScript, updates two key results and shows their new statuses", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: BASE, javaScriptEnabled: false });
  const page: Page = await context.newPage();
  const response = await page.goto(link);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    `Weekly check-in for ${recipient.name}`,
  );
  expect((await context.cookies()).filter((c) => c.name.includes("session"))).toHaveLength(0);

  // Two key results that are not done yet: one to its target (completed), one back to its start.
  const rows = page.locator(
    "fieldset:is([data-kind='INCREASE'], [data-kind='DECREASE']):not([data-status='COMPLETED'])",
  );
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  const first = rows.nth(0);
  const second = rows.nth(1);
  const firstTitle = (await first.getAttribute("data-kr-row"))!;
  const secondTitle = (await second.getAttribute("data-kr-row"))!;
  const firstStatus = await first.getAttribute("data-status");
  const secondStatus = await second.getAttribute("data-status");
  await first.getByLabel(/New value/).fill((await first.getAttribute("data-target"))!);
  await second.getByLabel(/New value/).fill((await second.getAttribute("data-start"))!);
  await second.getByLabel(/Note/).fill("Lost the big deal; re-planning with the team.");
  // Full-page shots from the top (the link's #kr- anchor scrolls, and the header is sticky).
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  await page.screenshot({ path: path.join(SCREENSHOTS, "one-click-page.png"), fullPage: true });

  await page.getByRole("button", { name: "Save check-ins" }).click();
  await expect(page.getByText("Checked in on 2 key results.")).toBeVisible();
  const saved1 = page.locator(`fieldset[data-kr-row="${firstTitle}"]`);
  const saved2 = page.locator(`fieldset[data-kr-row="${secondTitle}"]`);
  await expect(saved1.locator("[data-row-outcome='saved']")).toBeVisible();
  await expect(saved2.locator("[data-row-outcome='saved']")).toBeVisible();
  expect(await saved1.getAttribute("data-status")).toBe("COMPLETED");
  expect(await saved1.getAttribute("data-status")).not.toBe(firstStatus);
  const newSecond = await saved2.getAttribute("data-status");
  expect(["AT_RISK", "OFF_TRACK"]).toContain(newSecond);
  if (secondStatus === "ON_TRACK") expect(newSecond).not.toBe(secondStatus);
  await page.screenshot({ path: path.join(SCREENSHOTS, "one-click-saved.png"), fullPage: true });

  // Opening the link again (as a mail scanner would) shows the same, saved state and changes nothing.
  await page.goto(link);
  expect(await page.locator(`fieldset[data-kr-row="${firstTitle}"]`).getAttribute("data-status")).toBe(
    "COMPLETED",
  );
  await context.close();
  expect(serverLog).not.toContain(link.split("/u/")[1]!);
});

test("a tampered link shows a friendly page with a way to sign in", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  const token = link.split("/u/")[1]!;
  await page.goto(`/u/${token[0] === "A" ? "B" : "A"}${token.slice(1)}`);
  await expect(page.getByRole("heading", { name: "This link can no longer be used" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in to Cairn" })).toHaveAttribute("href", "/sign-in");
  await page.screenshot({ path: path.join(SCREENSHOTS, "one-click-invalid.png") });
  await context.close();
});
