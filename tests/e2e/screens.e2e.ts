import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { CURRENT_OBJECTIVES, DEMO_PEOPLE, DEMO_UNALIGNED_TITLES } from "../../src/server/demo-data";
import { loadDemoSignedIn, type OwnServer, ownPort, startOwnServer } from "./support/own-server";

const PORT = ownPort(40);
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");

const admin = DEMO_PEOPLE.find((p) => p.admin)!;
const companyObjectives = CURRENT_OBJECTIVES.filter((o) => o.level === "COMPANY");
/** A company objective with a DECREASE key result that has a story (notes in its history). */
const storyObjective = companyObjectives.find((o) =>
  o.keyResults.some((k) => k.story && k.kind === "DECREASE"),
)!;
const searchTarget = CURRENT_OBJECTIVES.find((o) => o.title === "Make the platform boringly reliable")!;
const searchParent = CURRENT_OBJECTIVES.find((o) => o.key === searchTarget.parent)!;

let server: OwnServer | undefined;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(180_000);
  server = await startOwnServer("screens", PORT);
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
    // The first screenful too: long pages are hard to judge from a full-page image alone.
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}-top.png`) });
  }
  await p.setViewportSize({ width: 1280, height: 800 });
}

async function expectNoSeriousA11yProblems(p: Page) {
  const axe = await new AxeBuilder({ page: p }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(serious).toEqual([]);
}

async function expectNoStackTrace(p: Page) {
  await expect(p.locator("body")).not.toContainText(/\bat \w+ \(|Error:/);
}

/** The card of an objective, by its exact title. */
function card(p: Page, title: string) {
  return p.locator("article").filter({ has: p.getByRole("heading", { level: 3, name: title, exact: true }) });
}

test("signed-out visitors are sent to sign in", async ({ browser }) => {
  const visitor = await browser.newContext({ baseURL: BASE });
  const p = await visitor.newPage();
  for (const url of ["/cycles", "/my", `/objectives/00000000-0000-4000-8000-000000000000`]) {
    await p.goto(url);
    await expect(p).toHaveURL(`${BASE}/sign-in`);
  }
  await visitor.close();
});

test("the navigation, the cycles list and the aligned tree with filters", async () => {
  // The header: navigation, the signed-in person and a sign-out button.
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Home", "Cycles", "My OKRs", "Admin"]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("banner").getByText(admin.name)).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();

  await nav.getByRole("link", { name: "Cycles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cycles" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Cycles" })).toHaveAttribute("aria-current", "page");
  const active = page.getByRole("region", { name: /^Active/ });
  const completed = page.getByRole("region", { name: /^Completed/ });
  await expect(active.getByRole("link")).toHaveCount(1);
  await expect(completed.getByRole("link")).toHaveCount(1);
  await expect(active.getByRole("link").first()).toContainText(/\d+ objectives/);
  await expectNoSeriousA11yProblems(page);
  await screenshot(page, "cycles");

  // The tree of the active cycle.
  await active.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/cycles\/[0-9a-f-]{36}$/);
  const cycleUrl = page.url();
  await expect(page.getByText(/^Day \d+ of \d+$/)).toBeVisible();
  const counts = page.getByRole("list", { name: /Objectives by status/ });
  await expect(counts.getByRole("link").first()).toBeVisible();
  for (const o of companyObjectives) await expect(card(page, o.title)).toBeVisible();
  for (const title of DEMO_UNALIGNED_TITLES)
    await expect(card(page, title).getByText("Not aligned")).toBeVisible();
  const pills = page.locator("article [data-status]");
  for (const text of await pills.allTextContents()) {
    expect(text).toMatch(/^(✓\s*On track|!\s*At risk|✕\s*Off track|★\s*Completed)$/);
  }
  // The reason is behind a <details>; a branch folds without JavaScript.
  const troubled = page
    .locator("article")
    .filter({ has: page.locator('[data-status="OFF_TRACK"]') })
    .first();
  await troubled.locator("summary").click();
  await expect(troubled.locator("details > p")).toBeVisible();
  const parentCard = card(page, searchParent.title);
  const branch = parentCard.locator("xpath=following-sibling::details[1]");
  await expect(branch).toHaveAttribute("open", "");
  await expect(branch.getByRole("heading", { name: searchTarget.title, exact: true })).toBeVisible();
  await branch.locator("> summary").click();
  await expect(branch.getByRole("heading", { name: searchTarget.title, exact: true })).toBeHidden();
  await branch.locator("> summary").click();
  await expectNoSeriousA11yProblems(page);
  await screenshot(page, "cycle-tree");

  // Filter by status "Off track": every match is off track; the rest is context for the alignment.
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Off track" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=OFF_TRACK/);
  await expect(page.getByTestId("match-summary")).toContainText(/\d+ objectives? of \d+ match/);
  const matches = page.locator("article:not([data-context])");
  expect(await matches.count()).toBeGreaterThan(0);
  for (const status of await matches
    .locator("[data-status]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))) {
    expect(status).toBe("OFF_TRACK");
  }
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("OFF_TRACK");
  await screenshot(page, "cycle-tree-off-track");

  // And by a team: the filters add up; a link clears them.
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Engineering" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=OFF_TRACK/);
  await expect(page).toHaveURL(/team=[0-9a-f-]{36}/);
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await expect(
    page.getByTestId("match-summary").or(page.getByText("No objectives match these filters.")),
  ).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(cycleUrl);

  // A text search keeps the ancestors of the match, marked as context.
  await page.getByLabel("Search", { exact: true }).fill("boringly");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=boringly/);
  await expect(page.getByTestId("match-summary")).toHaveText(/^1 objective of \d+ match/);
  await expect(card(page, searchTarget.title)).toBeVisible();
  await expect(card(page, searchTarget.title)).not.toHaveAttribute("data-context", "true");
  await expect(card(page, searchParent.title)).toHaveAttribute("data-context", "true");
  await expect(card(page, searchParent.title).getByText("Context · not a match")).toBeVisible();
  await expect(page.locator("article")).toHaveCount(2);
  await expectNoSeriousA11yProblems(page);
  await screenshot(page, "cycle-tree-search");
  await expectNoStackTrace(page);
});

test("an objective: key results, charts, forecast and check-in history", async () => {
  await page.goto("/cycles");
  await page
    .getByRole("region", { name: /^Active/ })
    .getByRole("link")
    .first()
    .click();
  await card(page, storyObjective.title).getByRole("link", { name: storyObjective.title }).click();
  await expect(page).toHaveURL(/\/objectives\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: storyObjective.title })).toBeVisible();
  await expect(page.getByText(storyObjective.description!)).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit objective" })).toBeVisible();

  const krs = page.getByRole("region", { name: /^Key results/ }).getByRole("article");
  await expect(krs).toHaveCount(storyObjective.keyResults.length);
  const charts = page.locator('svg[data-chart="key-result"]');
  await expect(charts).toHaveCount(storyObjective.keyResults.length);
  await expect(charts.first().locator("title")).toContainText("value over time against the expected path");
  await expect(charts.first().locator("desc")).not.toHaveText("");
  await expect(charts.first().locator('[data-series="expected"]')).toHaveCount(1);
  await expect(charts.first().locator('[data-series="actual"]')).toHaveCount(1);

  // The key result with a story: its reason, forecast, and history with the notes, newest first.
  const story = storyObjective.keyResults.find((k) => k.story && k.kind === "DECREASE")!;
  const kr = krs.filter({ has: page.getByRole("heading", { level: 3, name: story.title, exact: true }) });
  await expect(kr.locator("[data-status]").first()).toBeVisible();
  await expect(kr.getByText(/^Why (on track|at risk|off track|completed):/)).toBeVisible();
  await expect(kr.getByText("Forecast:")).toBeVisible();
  await expect(kr.getByRole("progressbar")).toHaveAttribute("aria-valuetext", /expected/);
  await expect(kr.getByRole("link", { name: `Check in on ${story.title}` })).toHaveAttribute(
    "href",
    /\/key-results\/[0-9a-f-]{36}\/check-in$/,
  );
  const history = kr.locator("details").filter({ hasText: "Check-in history" });
  await history.locator("summary").click();
  const entries = history.getByRole("listitem");
  expect(await entries.count()).toBeGreaterThan(3);
  await expect(history.getByText(story.story!.at(-1)!)).toBeVisible();
  const times = await history
    .locator("time")
    .evaluateAll((els) => els.map((e) => e.getAttribute("datetime") ?? ""));
  expect([...times].sort().reverse()).toEqual(times);

  await expectNoSeriousA11yProblems(page);
  await screenshot(page, "objective");
  for (const [suffix, width] of [
    ["desktop", 1280],
    ["phone", 390],
  ] as const) {
    await page.setViewportSize({ width, height: 844 });
    await kr.screenshot({ path: path.join(SCREENSHOTS, `objective-key-result-${suffix}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectNoStackTrace(page);

  // An aligned child opens its own page, which links back to this parent.
  const children = page.getByRole("region", { name: /^Aligned objectives/ });
  const child = children.getByRole("link").first();
  const childTitle = (await child.textContent()) ?? "";
  await child.click();
  await expect(page.getByRole("heading", { level: 1, name: childTitle })).toBeVisible();
  await expect(page.getByRole("link", { name: storyObjective.title })).toBeVisible();

  // An unknown objective is a plain 404.
  const res = await page.goto("/objectives/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
  await expectNoStackTrace(page);
});

test("My OKRs: what I own, what is due this week, my teams' objectives", async () => {
  await page.goto("/my");
  await expect(page.getByRole("heading", { level: 1, name: "My OKRs" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Check in on all" })).toHaveAttribute("href", "/check-in");
  for (const name of [/^Due this week/, /^Key results I own/, /^Objectives I own/, /^My teams' objectives/]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  const owned = page.getByRole("region", { name: /^Key results I own/ }).getByRole("article");
  expect(await owned.count()).toBeGreaterThan(0);
  await expect(
    page
      .getByRole("region", { name: /^Objectives I own/ })
      .getByRole("link")
      .first(),
  ).toBeVisible();
  await expectNoSeriousA11yProblems(page);
  await screenshot(page, "my-okrs");
  await expectNoStackTrace(page);
});
