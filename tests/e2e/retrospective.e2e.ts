import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { DEMO_PEOPLE } from "../../src/server/demo-data";
import { loadDemoSignedIn, type OwnServer, ownPort, startOwnServer } from "./support/own-server";

const PORT = ownPort(60);
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");
const admin = DEMO_PEOPLE.find((p) => p.admin)!;

let server: OwnServer | undefined;
let context: BrowserContext;
let page: Page;
let previousId = "";

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(180_000);
  server = await startOwnServer("retrospective", PORT);
  ({ context, page } = await loadDemoSignedIn(browser, BASE, admin.name));
});

test.afterAll(async () => {
  await context?.close();
  await server?.stop();
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
