/**
 * The end-of-cycle retrospective with the demo company: the previous quarter's retrospective page
 * (screenshots to test-results/screenshots/), its CSV export and JSON, carry-over into a draft
 * cycle, and closing the active cycle from /admin/cycles with its confirmation step.
 *
 * Like screens.e2e.ts this spec runs its own Cairn from the build Playwright's webServer made (its
 * own port and data directory) and loads the demo with the first page's button (signed in as the CEO).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { DEMO_PEOPLE } from "../../src/server/demo-data";

const PORT = Number(process.env.E2E_PORT ?? 3107) + 60;
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");
const admin = DEMO_PEOPLE.find((p) => p.admin)!;

let server: ChildProcess | undefined;
let dataDir: string;
let serverLog = "";
let context: BrowserContext;
let page: Page;
let previousId = "";

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "cairn-e2e-retro-"));
  const busy = await fetch(BASE).then(
    () => true,
    () => false,
  );
  expect(busy, `port ${PORT} is already in use`).toBe(false);
  server = spawn("npx", ["tsx", "src/cli/serve.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_URL: BASE,
      CAIRN_DATA_DIR: dataDir,
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that afterAll stops npx and the server under it together.
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
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the retrospective test server did not start:\n${serverLog}`);
    if (server.exitCode !== null) throw new Error(`the retrospective test server exited:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  context = await browser.newContext({ baseURL: BASE });
  page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("banner").getByText(admin.name)).toBeVisible({ timeout: 60_000 });
});

test.afterAll(async () => {
  await context?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once("exit", r));
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      server.kill("SIGTERM");
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function screenshot(p: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [suffix, width, height] of [
    ["desktop", 1280, 800],
    ["phone", 390, 844],
  ] as const) {
    await p.setViewportSize({ width, height });
    await p.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}.png`), fullPage: true });
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}-top.png`) });
  }
  await p.setViewportSize({ width: 1280, height: 800 });
}

test("the previous quarter's retrospective page", async () => {
  await page.goto("/admin/cycles");
  const completed = page
    .locator("li[data-cycle]")
    .filter({ has: page.locator('[data-cycle-status="COMPLETED"]') });
  await expect(completed).toHaveCount(1);
  await completed.getByRole("link", { name: /^Retrospective/ }).click();
  await expect(page).toHaveURL(/\/cycles\/[0-9a-f-]{36}\/retrospective$/);
  previousId = /\/cycles\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

  await expect(page.getByRole("heading", { level: 1, name: /retrospective$/ })).toBeVisible();
  await expect(page.getByText("KR completion rate")).toBeVisible();
  for (const h of [
    "Grade distribution",
    "Confidence calibration by team",
    "Check-in discipline by team",
    "Learnings",
    "Questions for the retrospective",
  ]) {
    await expect(page.getByRole("heading", { level: 2, name: h })).toBeVisible();
  }
  await expect(page.getByRole("heading", { level: 2, name: /^Achieved \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Missed \(\d+\)$/ })).toBeVisible();
  await expect(page.getByText("Which missed OKRs were in our control?")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/\bat \w+ \(|Error:|NaN|undefined/);

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(serious).toEqual([]);
  await screenshot(page, "retrospective");
  // Each part on its own, to judge the long page closely.
  for (const id of ["missed", "calibration", "discipline", "learnings", "questions", "carry"]) {
    await page
      .locator("section", { has: page.locator(`#${id}-heading`) })
      .first()
      .screenshot({ path: path.join(SCREENSHOTS, `retrospective-part-${id}.png`) });
  }
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: path.join(SCREENSHOTS, "retrospective-print.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
});

test("CSV export and the JSON API", async () => {
  const csv = await page.request.get(`/cycles/${previousId}/export.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
    "objective,level,owner,key result,kind,start,target,final (or current),unit,status,grade",
  );
  const api = await page.request.get(`/api/v1/cycles/${previousId}/retrospective`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { report: { summary: { keyResults: number }; questions: string[] } };
  expect(body.report.summary.keyResults).toBeGreaterThan(0);
  expect(body.report.questions).toHaveLength(3);
});

test("carry-over creates the next cycle as a draft", async () => {
  await page.goto(`/cycles/${previousId}/retrospective`);
  const form = page.locator("section", {
    has: page.getByRole("heading", { name: "Carry over to the next cycle" }),
  });
  await expect(form).toBeVisible();
  await form.getByLabel("Next cycle's name").fill("Next quarter (carried)");
  await form.getByRole("button", { name: "Create the next cycle as a draft" }).click();
  await expect(form.getByRole("status")).toContainText("Created Next quarter (carried) as a draft");
  await form.getByRole("link", { name: "Open Next quarter (carried)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Next quarter (carried)" })).toBeVisible();
  await expect(page.locator('[data-cycle-status="DRAFT"]').first()).toBeVisible();
});

test("an admin closes the active cycle after confirming", async () => {
  await page.goto("/admin/cycles");
  await expect(page.getByTestId("auto-close")).toContainText("7 days after its last day");
  const active = page.locator("li[data-cycle]").filter({ has: page.locator('[data-cycle-status="ACTIVE"]') });
  await expect(active).toHaveCount(1);
  await active.getByText(/^Close cycle…/).click();
  await active.getByRole("button", { name: /^Yes, close/ }).click();
  await expect(page).toHaveURL(/\/cycles\/[0-9a-f-]{36}\/retrospective$/);
  await expect(page.getByRole("heading", { level: 1, name: /retrospective$/ })).toBeVisible();
  await expect(page.getByText(/closed .* by /)).toBeVisible();
});
