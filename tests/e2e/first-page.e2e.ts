import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import {
  CURRENT_OBJECTIVES,
  DEMO_ORG_NAME,
  DEMO_PEOPLE,
  DEMO_TEAMS,
  DEMO_UNALIGNED_TITLES,
} from "../../src/server/demo-data";

const SCREENSHOTS = path.resolve("test-results", "screenshots");

const companyObjectives = CURRENT_OBJECTIVES.filter((o) => o.level === "COMPANY");
const companyKeys = new Set(companyObjectives.map((o) => o.key));
const alignedTeam = CURRENT_OBJECTIVES.find(
  (o) => o.level === "TEAM" && o.parent && companyKeys.has(o.parent),
)!;
const alignedTeamParent = companyObjectives.find((o) => o.key === alignedTeam.parent)!;
const personName = (key: string) => DEMO_PEOPLE.find((p) => p.key === key)!.name;
const teamName = (key: string) => DEMO_TEAMS.find((t) => t.key === key)!.name;

/** The card of an objective, found by its exact title. */
function objectiveCard(page: Page, title: string) {
  return page
    .locator("article")
    .filter({ has: page.getByRole("heading", { level: 3, name: title, exact: true }) });
}

async function screenshot(page: Page, name: string, width: number, height: number) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

test("the empty first page loads the demo company and shows its aligned objectives", async ({
  page,
  context,
  browser,
}, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Cairn");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome to Cairn" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Set up your organisation" })).toHaveAttribute(
    "href",
    "/setup",
  );
  const loadButton = page.getByRole("button", { name: "Load demo data" });
  await expect(loadButton).toBeVisible();
  await screenshot(page, "first-page-empty-desktop", 1280, 800);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Two more pages still showing the empty page, to try loading the demo twice: one with
  // JavaScript, one without (a plain form post).
  const stale = await context.newPage();
  await stale.goto("/");
  await expect(stale.getByRole("button", { name: "Load demo data" })).toBeVisible();
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    baseURL: testInfo.project.use.baseURL,
  });
  const staleNoScript = await noScript.newPage();
  await staleNoScript.goto("/");
  await expect(staleNoScript.getByRole("button", { name: "Load demo data" })).toBeVisible();

  await loadButton.click();
  // The signed-in home is the company health dashboard of the active cycle.
  await expect(page.getByRole("heading", { level: 1, name: "Company health" })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText(DEMO_ORG_NAME, { exact: true })).toBeVisible();
  // The demo signed this visitor in as its CEO, an admin.
  await expect(page.getByRole("banner").getByText(personName("maren"))).toBeVisible();

  // The active cycle: its name as a heading, "day N of M", and the time bar.
  const cycleHeadings = page.getByRole("heading", { level: 2 });
  await expect(cycleHeadings.first()).toBeVisible();
  await expect(cycleHeadings.first()).not.toHaveText("");
  await expect(page.getByText(/^Day \d+ of \d+$/).first()).toBeVisible();
  await expect(page.getByRole("progressbar", { name: /^Time elapsed in / }).first()).toHaveAttribute(
    "aria-valuenow",
    /^\d+$/,
  );
  await screenshot(page, "first-page-desktop", 1280, 800);
  await screenshot(page, "first-page-phone", 390, 844);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The aligned tree is one click away.
  await page.getByRole("link", { name: "Objective tree" }).click();
  await expect(page).toHaveURL(/\/cycles\/[0-9a-f-]{36}$/);

  // Company objectives with their accountable owners.
  for (const o of companyObjectives) {
    const card = objectiveCard(page, o.title);
    await expect(card).toBeVisible();
    await expect(card.getByText("Company", { exact: true })).toBeVisible();
    await expect(card.getByText(personName(o.owner))).toBeVisible();
  }

  // A team objective nested under the company objective it aligns to, owned by its team.
  const parentItem = objectiveCard(page, alignedTeamParent.title).locator("xpath=..");
  const nested = parentItem
    .locator("ul")
    .locator("article")
    .filter({
      has: page.getByRole("heading", { level: 3, name: alignedTeam.title, exact: true }),
    });
  await expect(nested).toBeVisible();
  await expect(nested.getByText("Team", { exact: true })).toBeVisible();
  await expect(nested.getByText(teamName(alignedTeam.owner))).toBeVisible();

  // The deliberately unaligned objectives are flagged.
  for (const title of DEMO_UNALIGNED_TITLES) {
    await expect(objectiveCard(page, title).getByText("Not aligned")).toBeVisible();
  }

  // Status pills carry words, not just colour; at least one objective is in trouble.
  const pills = page.locator("article [data-status]");
  expect(await pills.count()).toBeGreaterThan(10);
  for (const text of await pills.allTextContents()) {
    expect(text).toMatch(/^(✓\s*On track|!\s*At risk|✕\s*Off track|★\s*Completed)$/);
  }
  const troubled = page
    .locator("article")
    .filter({ has: page.locator('[data-status="AT_RISK"], [data-status="OFF_TRACK"]') })
    .first();
  await expect(troubled).toBeVisible();

  // Progress bars are real progress bars with the expected-progress numbers.
  const bar = troubled.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuetext", /^\d+(\.\d)?%, expected \d+(\.\d)?%$/);
  await expect(troubled.getByText(/^\d+(\.\d)?% · expected \d+(\.\d)?%$/)).toBeVisible();

  // The reason is one click away (a <details>, no JavaScript needed).
  const summary = troubled.locator("summary");
  await expect(summary).toHaveText(/Why (at risk|off track)\?/);
  const reason = troubled.locator("details > p");
  await expect(reason).toBeHidden();
  await summary.click();
  await expect(reason).toBeVisible();
  await expect(reason).not.toHaveText("");

  // No serious or critical accessibility problems.
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(serious).toEqual([]);

  await screenshot(page, "first-page-tree-desktop", 1280, 800);

  // Loading the demo again is refused with a message, not a stack trace.
  await stale.getByRole("button", { name: "Load demo data" }).click();
  const alert = stale.locator("form").getByRole("alert");
  await expect(alert).toHaveText(/already has data/);
  await expect(alert).not.toContainText(/\bat \w+ \(|Error:/);
  await stale.setViewportSize({ width: 1280, height: 800 });
  await stale.screenshot({ path: path.join(SCREENSHOTS, "first-page-demo-conflict.png"), fullPage: true });

  // Without JavaScript the form still posts; the answer is the app as it now is: the organisation
  // exists, and this visitor (not signed in) is asked to sign in.
  await staleNoScript.getByRole("button", { name: "Load demo data" }).click();
  await expect(staleNoScript.getByRole("heading", { level: 1, name: "Sign in to Cairn" })).toBeVisible();
  await expect(staleNoScript.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    "/sign-in",
  );
  await expect(staleNoScript.locator("body")).not.toContainText(/\bat \w+ \(|Error:/);
  await noScript.close();
});
