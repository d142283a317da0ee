import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { CURRENT_OBJECTIVES, DEMO_PEOPLE } from "../../src/server/demo-data";
import { loadDemoSignedIn, type OwnServer, ownPort, startOwnServer } from "./support/own-server";

const PORT = ownPort(50);
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");

const admin = DEMO_PEOPLE.find((p) => p.admin)!;
const companyObjectives = CURRENT_OBJECTIVES.filter((o) => o.level === "COMPANY");

let server: OwnServer | undefined;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(180_000);
  server = await startOwnServer("dashboard", PORT);
  ({ context, page } = await loadDemoSignedIn(browser, BASE, admin.name));
});

test.afterAll(async () => {
  await context?.close();
  await server?.stop();
});

async function expectNoSeriousA11yProblems(p: Page) {
  const axe = await new AxeBuilder({ page: p }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(serious).toEqual([]);
}

function shot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}

let cycleId = "";

test("the signed-in home is the health dashboard", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Company health" })).toBeVisible();
  const figures = page.getByRole("region", { name: "Key figures" });
  await expect(figures.getByRole("heading", { name: "Days remaining" })).toBeVisible();
  await expect(figures.getByRole("heading", { name: "Check-in rate" })).toBeVisible();
  await expect(figures.getByText(/^\d+(\.\d)?%$/).first()).toBeVisible();
  await expect(figures.getByRole("img", { name: /^Check-in rate by cycle week: week 1: / })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Needs attention" })).toBeVisible();
  for (const o of companyObjectives) {
    await expect(page.getByRole("heading", { level: 3, name: o.title, exact: true })).toBeVisible();
  }
  const teams = page.getByRole("table");
  await expect(teams.getByRole("columnheader", { name: "Check-in rate" })).toBeVisible();
  expect(await teams.getByRole("row").count()).toBeGreaterThan(2);
  await expect(page.getByRole("heading", { level: 2, name: "Biggest movers this week" })).toBeVisible();

  // Statuses carry words and icons, not colour alone.
  for (const text of await page.locator("main [data-status]").allTextContents()) {
    expect(text).toMatch(/^(✓\s*On track|!\s*At risk|✕\s*Off track|★\s*Completed)(\s*\d+)?$/);
  }

  // The tree and the deck are linked; the cycle selector is a plain GET form.
  const tree = page.getByRole("link", { name: "Objective tree" });
  cycleId = /\/cycles\/([0-9a-f-]{36})$/.exec((await tree.getAttribute("href")) ?? "")?.[1] ?? "";
  expect(cycleId).not.toBe("");
  await expect(page.getByRole("link", { name: "Present" })).toHaveAttribute(
    "href",
    `/cycles/${cycleId}/present`,
  );
  await page.getByRole("combobox", { name: "Cycle" }).selectOption(cycleId);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?cycle=${cycleId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Company health" })).toBeVisible();

  await expectNoSeriousA11yProblems(page);
  await page.screenshot({ path: shot("dashboard-desktop.png"), fullPage: true });
  await page.screenshot({ path: shot("dashboard-desktop-top.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shot("dashboard-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("the health API returns the dashboard figures", async () => {
  const res = await page.request.get(`/api/v1/cycles/${cycleId}/health`);
  expect(res.status(), server?.log().slice(-4000)).toBe(200);
  const body = await res.json();
  expect(body.cycle.id).toBe(cycleId);
  expect(body.checkInRate.open).toBeGreaterThan(0);
  expect(body.trend.length).toBeGreaterThan(0);
  expect(body.companyObjectives).toHaveLength(companyObjectives.length);
  const anonymous = await fetch(`${BASE}/api/v1/cycles/${cycleId}/health`);
  expect(anonymous.status).toBe(401);
});

test("the deck: arrow keys move, it prints one slide per page, and exports Markdown", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/cycles/${cycleId}/present`);
  const slides = page.locator("#deck [data-slide]");
  const count = await slides.count();
  // Title, health, one per company objective, at least one at-risk slide, trend, changes.
  expect(count).toBeGreaterThanOrEqual(companyObjectives.length + 5);
  const position = page.getByTestId("slide-position");
  await expect(position).toHaveText(`1 / ${count}`);
  await expect(slides.nth(0)).toBeVisible();
  // The deck remembers this presentation; the next one defaults "what changed since" to it.
  const today = new Date().toISOString().slice(0, 10);
  await expect
    .poll(async () => (await context.cookies()).find((c) => c.name === `cairn-presented-${cycleId}`)?.value)
    .toBe(today);
  await context.addCookies([
    { name: `cairn-presented-${cycleId}`, value: `${today}|2026-01-02`, domain: "127.0.0.1", path: "/" },
  ]);
  await page.reload();
  await expect(page.locator("#since")).toHaveValue("2026-01-02");
  await expect(slides.nth(1)).toBeHidden();
  await page.screenshot({ path: shot("deck-slide-1.png") });

  await page.keyboard.press("ArrowRight");
  await expect(position).toHaveText(`2 / ${count}`);
  await expect(slides.nth(1)).toBeVisible();
  await expect(slides.nth(1).getByRole("heading", { level: 2 })).toContainText(/to go/);
  await page.screenshot({ path: shot("deck-slide-2.png") });
  await page.keyboard.press("ArrowRight");
  await expect(position).toHaveText(`3 / ${count}`);
  const third = (await slides.nth(2).getByRole("heading", { level: 2 }).textContent()) ?? "";
  expect(companyObjectives.map((o) => o.title)).toContain(third);
  await page.screenshot({ path: shot("deck-slide-3.png") });
  await page.keyboard.press("ArrowLeft");
  await expect(position).toHaveText(`2 / ${count}`);
  await page.keyboard.press("PageDown");
  await expect(position).toHaveText(`3 / ${count}`);
  await expect(page).toHaveURL(/#slide-3$/);

  // The at-risk slide shows the owners' latest notes.
  const risk = page.locator('#deck [data-slide][aria-label*="At risk and off track"]').first();
  expect(await risk.locator("li").count()).toBeGreaterThan(0);
  expect(await page.locator("#deck blockquote").count()).toBeGreaterThan(0);
  await expectNoSeriousA11yProblems(page);

  // One PDF page per slide.
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: "screen" });
  writeFileSync(shot("deck.pdf"), pdf);
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages.length).toBe(count);

  // Markdown export: one section per slide.
  const md = await page.request.get(`/cycles/${cycleId}/present/markdown`);
  expect(md.status()).toBe(200);
  expect(md.headers()["content-type"]).toMatch(/^text\/markdown/);
  const text = await md.text();
  expect(text.split("\n---\n").length).toBeGreaterThanOrEqual(companyObjectives.length + 5);
  for (const o of companyObjectives) expect(text).toContain(`## ${o.title}`);
});

test("without JavaScript every slide is stacked and readable", async ({ browser }) => {
  const state = await context.storageState();
  const noScript = await browser.newContext({ baseURL: BASE, javaScriptEnabled: false, storageState: state });
  try {
    const p = await noScript.newPage();
    await p.setViewportSize({ width: 1280, height: 800 });
    await p.goto(`/cycles/${cycleId}/present?since=2020-01-01`);
    const slides = p.locator("#deck [data-slide]");
    const count = await slides.count();
    for (let i = 0; i < count; i += 1) await expect(slides.nth(i)).toBeVisible();
    await expect(p.getByRole("heading", { level: 2, name: /^Since 1 Jan 2020$/ })).toBeVisible();
  } finally {
    await noScript.close();
  }
});
