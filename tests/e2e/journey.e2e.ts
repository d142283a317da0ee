import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type OwnServer, ownPort, startOwnServer } from "./support/own-server";

const PORT = ownPort(20);
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");

let server: OwnServer | undefined;

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startOwnServer("journey", PORT);
});

test.afterAll(async () => {
  const log = server?.log() ?? "";
  await server?.stop();
  if (process.env.CAIRN_JOURNEY_LOG) writeFileSync(process.env.CAIRN_JOURNEY_LOG, log);
});

async function screenshot(page: Page, name: string, sizes: ("desktop" | "phone")[] = ["desktop", "phone"]) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const size of sizes) {
    const [width, height] = size === "desktop" ? [1280, 800] : [390, 844];
    await page.setViewportSize({ width, height });
    // A full-page shot of a scrolled page would paint the sticky header mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, `journey-${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function expectNoSeriousA11yProblems(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(serious, page.url()).toEqual([]);
}

async function expectNoStackTrace(page: Page) {
  // (Field errors start with a visually hidden "Error:" for screen readers; a stack trace looks different.)
  await expect(page.locator("body")).not.toContainText(
    /\bat \w+ \(|\b(Type|Reference|Syntax|Range|App)Error\b|digest/,
  );
}

/** The answer of the last form submit on the page (error summary, refusal, conflict or success). */
function answer(page: Page) {
  return page.locator("[data-form-status]").first();
}

/** "YYYY-MM-DD", `days` from today (UTC). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const ADMIN = { name: "Ada Journey", email: "ada.journey@example.com" };
const MEMBER = { name: "Mia Journey", email: "mia.journey@example.com" };
const CYCLE = "Journey cycle";
const COMPANY_OBJECTIVE = "Become the OKR tool teams love";
const TEAM_OBJECTIVE = "Platform ships reliable sync";
const GROWTH_OBJECTIVE = "Growth doubles sign-ups";
const KR_INCREASE = "Weekly active teams";
const KR_MILESTONE = "Launch the public API";

/** Signs `email` in with a link read from the outbox by the admin. */
async function signInThroughOutbox(browser: Browser, admin: Page, who: { name: string; email: string }) {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(who.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Check your email" })).toBeVisible();

  await admin.goto("/admin/outbox");
  const mail = admin.getByRole("article").filter({ hasText: who.email }).first();
  await expect(mail).toBeVisible();
  const body = (await mail.locator("pre").first().textContent()) ?? "";
  const link = /https?:\/\/\S+\/sign-in\/confirm\?token=[A-Za-z0-9_-]+/.exec(body)?.[0];
  expect(link, body).toBeTruthy();

  await page.goto(link!);
  await page.getByRole("button", { name: `Sign in as ${who.name}` }).click();
  await page.waitForURL(`${BASE}/`);
  return page;
}

/** The id at the end of an /objectives/<id> URL. */
function objectiveIdOf(page: Page): string {
  const m = /\/objectives\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
  expect(m, page.url()).toBeTruthy();
  return m![1]!;
}

test("admin and member journey: setup, people, cycle, objectives, key results, check-ins, permissions", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const adminContext = await browser.newContext({ baseURL: BASE });
  const admin = await adminContext.newPage();

  // --- Setup: the first admin.
  await admin.goto("/setup");
  await admin.getByLabel("Organisation name").fill("Journey Labs");
  await admin.getByLabel("Organisation time zone").selectOption("UTC");
  await admin.getByLabel("Your name").fill(ADMIN.name);
  await admin.getByLabel("Your email address").fill(ADMIN.email);
  await admin.getByLabel("Your time zone").selectOption("UTC");
  await admin.getByRole("button", { name: "Create organisation and sign in" }).click();
  await admin.waitForURL(`${BASE}/`);

  // --- Teams: Platform (led by the admin) and Growth.
  await admin.goto("/admin/teams");
  await expect(admin.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
  await expectNoSeriousA11yProblems(admin);
  await admin.getByLabel("Team name").fill("Platform");
  await admin.getByLabel("Lead").selectOption({ label: ADMIN.name });
  await admin.getByRole("button", { name: "Create team" }).click();
  await expect(answer(admin)).toContainText("Created the team Platform.");
  await expect(admin.getByLabel("Team name")).toHaveValue("");
  await admin.getByLabel("Team name").fill("Growth");
  await admin.getByRole("button", { name: "Create team" }).click();
  await expect(answer(admin)).toContainText("Created the team Growth.");
  // A duplicate name is refused next to the field.
  await admin.getByLabel("Team name").fill("growth");
  await admin.getByRole("button", { name: "Create team" }).click();
  await expect(admin.locator("#field-name-error")).toContainText("Another team already has this name.");
  await expect(admin.getByLabel("Team name")).toHaveAttribute("aria-invalid", "true");

  // --- People: invite the member (every field error first, then for real).
  await admin.goto("/admin/people");
  await expect(admin.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await admin.getByRole("button", { name: "Invite person" }).click();
  const inviteAlert = answer(admin);
  await expect(inviteAlert).toContainText("There are 2 problems with this form.");
  await expect(inviteAlert).toBeFocused();
  await expect(admin.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await expect(admin.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectNoStackTrace(admin);
  await admin.getByLabel("Email address").fill(MEMBER.email);
  await admin.getByLabel("Name", { exact: true }).fill(MEMBER.name);
  await admin.getByRole("checkbox", { name: "Growth" }).check();
  await admin.getByLabel("Time zone").selectOption("Europe/Berlin");
  await admin.getByRole("button", { name: "Invite person" }).click();
  await expect(answer(admin)).toContainText(`${MEMBER.name} (${MEMBER.email}) can now sign in`);
  const memberRow = admin.locator(`[data-person="${MEMBER.email}"]`);
  await expect(memberRow).toContainText("Growth");
  await expect(memberRow).toContainText("Europe/Berlin");
  await expect(memberRow).toContainText("Member");
  await expectNoSeriousA11yProblems(admin);
  await screenshot(admin, "admin-people");

  // The Growth team gets the member as its lead (the team edit page).
  await admin.goto("/admin/teams");
  await admin.getByRole("link", { name: "Edit Growth" }).click();
  await admin.getByLabel("Lead").selectOption({ label: MEMBER.name });
  await admin.getByRole("button", { name: "Save team" }).click();
  await expect(answer(admin)).toContainText("Saved Growth.");

  // --- The member signs in with the link from the outbox; admin pages are closed to them.
  const member = await signInThroughOutbox(browser, admin, MEMBER);
  const adminPage = await member.goto("/admin/people");
  expect(adminPage?.status()).toBe(403);
  await expect(member.getByRole("heading", { level: 1, name: "You cannot use this page" })).toBeVisible();
  await expect(member.getByText("403 · Not allowed")).toBeVisible();
  await expect(member.getByRole("button", { name: "Invite person" })).toHaveCount(0);

  // --- Cycles: create as a draft (bad dates first), then activate.
  await admin.goto("/admin/cycles");
  await admin.getByLabel("Name").fill(CYCLE);
  await admin.getByLabel("First day").fill(isoDay(10));
  await admin.getByLabel("Last day").fill(isoDay(-10));
  await admin.getByRole("button", { name: "Create draft cycle" }).click();
  await expect(admin.locator("#field-endDate-error")).toContainText(
    "The end date must be after the start date.",
  );
  await admin.getByLabel("First day").fill(isoDay(-30));
  await admin.getByLabel("Last day").fill(isoDay(59));
  await admin.getByRole("button", { name: "Create draft cycle" }).click();
  await expect(answer(admin)).toContainText(`Created ${CYCLE} as a draft.`);
  const cycleRow = admin.locator(`[data-cycle="${CYCLE}"]`);
  await expect(cycleRow.locator("[data-cycle-status]")).toHaveText(/Draft/);
  await expectNoSeriousA11yProblems(admin);
  await cycleRow.getByRole("button", { name: `Activate ${CYCLE}` }).click();
  // The list is re-rendered at once: the cycle shows as active and offers no second activation.
  await expect(cycleRow.locator("[data-cycle-status]")).toHaveText(/Active/);
  await expect(cycleRow.getByRole("button", { name: `Activate ${CYCLE}` })).toHaveCount(0);
  await screenshot(admin, "admin-cycles", ["desktop"]);

  // --- Settings: a bad pair of thresholds is refused, a good one saved.
  await admin.goto("/admin/settings");
  await admin.getByLabel("At-risk line").fill("0.3");
  await admin.getByLabel("Off-track line").fill("0.5");
  await admin.getByLabel("Leadership digest recipients").fill("ceo@example.com\nnot-an-email");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.locator("#field-offTrackRatio-error")).toContainText("below the at-risk ratio");
  await expect(admin.locator("#field-leadershipRecipients-error")).toContainText("not-an-email");
  await expectNoSeriousA11yProblems(admin);
  await admin.getByLabel("At-risk line").fill("0.7");
  await admin.getByLabel("Off-track line").fill("0.4");
  await admin.getByLabel("Leadership digest recipients").fill("ceo@example.com");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(answer(admin)).toContainText("Settings saved.");

  // --- A company objective: every field error at once first.
  await admin.goto("/objectives/new");
  await expect(admin.getByRole("heading", { level: 1, name: "New objective" })).toBeVisible();
  await admin.getByRole("radio", { name: /^Team/ }).check();
  await admin.getByLabel("Description").fill("x".repeat(5001));
  await admin.getByRole("button", { name: "Create objective" }).click();
  const objectiveAlert = answer(admin);
  await expect(objectiveAlert).toContainText("There are 3 problems with this form. Nothing was saved.");
  await expect(objectiveAlert).toBeFocused();
  await expect(admin.locator("#field-title-error")).toHaveText(/Enter a title\./);
  await expect(admin.locator("#field-description-error")).toContainText("5,000 characters or fewer");
  await expect(admin.locator("#field-ownerTeamId-error")).toContainText("Choose the owning team.");
  for (const label of ["Title", "Description", "Owning team"]) {
    const control = admin.getByLabel(label);
    await expect(control).toHaveAttribute("aria-invalid", "true");
    await expect(control).toHaveAttribute("aria-describedby", /-error/);
  }
  await expectNoStackTrace(admin);
  await expectNoSeriousA11yProblems(admin);
  await screenshot(admin, "objective-form-errors");

  await admin.getByLabel("Title").fill(COMPANY_OBJECTIVE);
  await admin.getByLabel("Description").fill("The one place where goals stay alive.");
  await admin.getByRole("radio", { name: /^Company/ }).check();
  await expect(admin.getByLabel("Owning team")).toBeHidden();
  await admin.getByLabel("Owner", { exact: true }).selectOption({ label: ADMIN.name });
  await admin.getByRole("button", { name: "Create objective" }).click();
  await admin.waitForURL(/\/objectives\/[0-9a-f-]{36}$/);
  const companyId = objectiveIdOf(admin);
  await expect(admin.getByRole("heading", { level: 1, name: COMPANY_OBJECTIVE })).toBeVisible();

  // --- A team objective aligned to it (the parent list offers it).
  await admin.goto("/objectives/new");
  await admin.getByLabel("Title").fill(TEAM_OBJECTIVE);
  await admin.getByRole("radio", { name: /^Team/ }).check();
  await admin.getByLabel("Owning team").selectOption({ label: "Platform" });
  await expect(admin.getByLabel("Owner", { exact: true })).toBeHidden();
  await admin.getByLabel("Aligned to").selectOption({ label: `${COMPANY_OBJECTIVE} — ${ADMIN.name}` });
  await admin.getByRole("button", { name: "Create objective" }).click();
  await admin.waitForURL(/\/objectives\/[0-9a-f-]{36}$/);
  const teamId = objectiveIdOf(admin);
  await expect(admin.getByRole("heading", { level: 1, name: TEAM_OBJECTIVE })).toBeVisible();

  // The company objective's edit form never offers itself or what is aligned below it as a parent.
  await admin.goto(`/objectives/${companyId}/edit`);
  const parentOptions = await admin.getByLabel("Aligned to").locator("option").allTextContents();
  expect(parentOptions.join("|")).not.toContain(COMPANY_OBJECTIVE);
  expect(parentOptions.join("|")).not.toContain(TEAM_OBJECTIVE);

  // A Growth team objective, for the member (its lead) to work on.
  await admin.goto("/objectives/new");
  await admin.getByLabel("Title").fill(GROWTH_OBJECTIVE);
  await admin.getByRole("radio", { name: /^Team/ }).check();
  await admin.getByLabel("Owning team").selectOption({ label: "Growth" });
  await admin.getByLabel("Aligned to").selectOption({ label: `${COMPANY_OBJECTIVE} — ${ADMIN.name}` });
  await admin.getByRole("button", { name: "Create objective" }).click();
  await admin.waitForURL(/\/objectives\/[0-9a-f-]{36}$/);
  const growthId = objectiveIdOf(admin);

  // --- Key results on the team objective: an increase and a milestone.
  await admin.goto(`/key-results/new?objective=${teamId}`);
  await expect(admin.getByRole("heading", { level: 1, name: "New key result" })).toBeVisible();
  for (const kind of ["Increase", "Decrease", "Stay above", "Stay below", "Milestone"]) {
    await expect(admin.getByRole("radio", { name: new RegExp(`^${kind}`) })).toBeVisible();
  }
  // A target in the wrong direction is explained next to the field.
  await admin.getByLabel("Title").fill(KR_INCREASE);
  await admin.getByLabel("Start value").fill("10");
  await admin.getByLabel("Target value").fill("5");
  await admin.getByRole("button", { name: "Add key result" }).click();
  await expect(admin.locator("#field-targetValue-error")).toContainText(/decrease/i);
  await expectNoSeriousA11yProblems(admin);
  await admin.getByLabel("Start value").fill("0");
  await admin.getByLabel("Target value").fill("100");
  await admin.getByLabel("Unit").fill("teams");
  await admin.getByRole("button", { name: "Add key result" }).click();
  await admin.waitForURL(`${BASE}/objectives/${teamId}`);
  await expect(admin.getByText(KR_INCREASE).first()).toBeVisible();

  await admin.goto(`/key-results/new?objective=${teamId}`);
  await admin.getByLabel("Title").fill(KR_MILESTONE);
  await admin.getByRole("radio", { name: /^Milestone/ }).check();
  await expect(admin.getByLabel("Target value")).toBeHidden();
  await admin.getByRole("button", { name: "Add key result" }).click();
  await admin.waitForURL(`${BASE}/objectives/${teamId}`);

  // The member's key result on the Growth objective (they lead Growth).
  await admin.goto(`/key-results/new?objective=${growthId}`);
  await admin.getByLabel("Title").fill("Sign-ups per week");
  await admin.getByLabel("Start value").fill("200");
  await admin.getByLabel("Target value").fill("400");
  await expect(admin.getByLabel("Owner")).toHaveValue(/.+/);
  await admin.getByLabel("Owner").selectOption({ label: MEMBER.name });
  await admin.getByRole("button", { name: "Add key result" }).click();
  await admin.waitForURL(`${BASE}/objectives/${growthId}`);

  // --- Check in on the increase key result: the new status and reason show at once.
  await admin.goto(`/objectives/${teamId}/edit`);
  await admin.getByRole("link", { name: `Edit ${KR_INCREASE}` }).click();
  await admin.waitForURL(/\/key-results\/[0-9a-f-]{36}\/edit$/);
  const krId = /\/key-results\/([0-9a-f-]{36})\/edit$/.exec(admin.url())![1]!;
  await expectNoSeriousA11yProblems(admin);
  await admin.goto(`/key-results/${krId}/check-in`);
  await expect(admin.getByRole("heading", { level: 1, name: `Check in: ${KR_INCREASE}` })).toBeVisible();
  await expect(admin.getByText("No check-ins yet.")).toBeVisible();
  await admin.getByLabel("New value").fill("lots");
  await admin.getByRole("button", { name: "Check in" }).click();
  await expect(admin.locator("#field-value-error")).toContainText("finite number");
  await admin.getByLabel("New value").fill("5");
  await admin.getByLabel("Confidence").selectOption("4");
  await admin.getByLabel("Note").fill("Slow start: the sync beta is still closed.");
  await admin.getByRole("button", { name: "Check in" }).click();
  const result = admin.locator("[data-check-in-result]");
  await expect(result).toBeVisible();
  await expect(result.locator("[data-status]").first()).toHaveText(/Off track|At risk/);
  await expect(result).toContainText(/expected/i);
  const history = admin.locator("[data-check-in]");
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText("0 teams");
  await expect(history.first()).toContainText("5 teams");
  await expect(history.first()).toContainText("Slow start");
  await expectNoSeriousA11yProblems(admin);
  await screenshot(admin, "check-in");

  // --- Check in on all of my key results at once: only the changed row is a check-in.
  await admin.goto("/check-in");
  await expect(admin.getByRole("heading", { level: 1, name: "Check in on my key results" })).toBeVisible();
  const rows = admin.locator("[data-kr-row]");
  await expect(rows).toHaveCount(2);
  const increaseRow = admin.locator(`[data-kr-row="${KR_INCREASE}"]`);
  const milestoneRow = admin.locator(`[data-kr-row="${KR_MILESTONE}"]`);
  await expect(increaseRow.getByLabel(/New value/)).toHaveValue("5");
  await milestoneRow.getByLabel(/New value/).selectOption("1");
  await milestoneRow.getByLabel(/Note/).fill("Shipped on time.");
  await expectNoSeriousA11yProblems(admin);
  await admin.getByRole("button", { name: "Check in on changed key results" }).click();
  await expect(answer(admin)).toContainText("Checked in on 1 key result. 1 left unchanged.");
  await expect(milestoneRow.locator("[data-row-outcome]")).toHaveAttribute("data-row-outcome", "saved");
  await expect(milestoneRow.locator("[data-status]")).toHaveText(/Completed/);
  await expect(increaseRow.locator("[data-row-outcome]")).toHaveCount(0);
  await screenshot(admin, "check-in-all");
  // The unchanged row got no check-in.
  await admin.goto(`/key-results/${krId}/check-in`);
  await expect(admin.locator("[data-check-in]")).toHaveCount(1);

  // The objective page shows the new statuses.
  await admin.goto(`/objectives/${teamId}`);
  await expect(admin.locator("[data-status]").first()).toBeVisible();
  await expect(admin.locator("body")).toContainText(/Completed/);

  // --- A member cannot edit another team's objective: 403, nothing on the page can write.
  const editPage = await member.goto(`/objectives/${teamId}/edit`);
  expect(editPage?.status()).toBe(403);
  await expect(member.getByRole("heading", { level: 1, name: "You cannot use this page" })).toBeVisible();
  await expect(member.getByText("403 · Not allowed")).toBeVisible();
  await expect(member.locator("form button", { hasText: "Save objective" })).toHaveCount(0);
  await expectNoSeriousA11yProblems(member);

  // --- A refused save writes nothing: the member leads Growth and opens its edit form, then loses the lead.
  await member.goto(`/objectives/${growthId}/edit`);
  await expect(member.getByLabel("Title")).toHaveValue(GROWTH_OBJECTIVE);
  await admin.goto("/admin/teams");
  await admin.getByRole("link", { name: "Edit Growth" }).click();
  await admin.getByLabel("Lead").selectOption({ label: "No lead" });
  await admin.getByRole("button", { name: "Save team" }).click();
  await expect(answer(admin)).toContainText("Saved Growth.");
  await member.getByLabel("Title").fill("Growth triples sign-ups");
  await member.getByRole("button", { name: "Save objective" }).click();
  const refused = answer(member);
  await expect(refused).toContainText("Not allowed");
  await expect(refused).toContainText("Nothing was changed.");
  await expectNoStackTrace(member);
  await admin.goto(`/objectives/${growthId}`);
  await expect(admin.getByRole("heading", { level: 1, name: GROWTH_OBJECTIVE })).toBeVisible();

  // The member still checks in on the key result they own, from their all-at-once page.
  await member.goto("/check-in");
  const signUps = member.locator('[data-kr-row="Sign-ups per week"]');
  await signUps.getByLabel(/New value/).fill("260");
  await member.getByRole("button", { name: "Check in on changed key results" }).click();
  await expect(answer(member)).toContainText("Checked in on 1 key result.");

  // --- A stale edit: two tabs edit the same objective; the second save shows the current values.
  const tabA = admin;
  const tabB = await adminContext.newPage();
  await tabA.goto(`/objectives/${teamId}/edit`);
  await tabB.goto(`/objectives/${teamId}/edit`);
  await tabA.getByLabel("Title").fill("Platform ships sync everyone trusts");
  await tabA.getByRole("button", { name: "Save objective" }).click();
  await tabA.waitForURL(`${BASE}/objectives/${teamId}`);
  await tabB.getByLabel("Title").fill("Platform ships the fastest sync");
  await tabB.getByRole("button", { name: "Save objective" }).click();
  const conflict = answer(tabB);
  await expect(conflict).toContainText(/Someone else changed this objective meanwhile/);
  await expect(conflict).toContainText("not saved");
  await expect(conflict).toContainText("Platform ships the fastest sync");
  await expect(tabB.getByLabel("Title")).toHaveValue("Platform ships sync everyone trusts");
  await expectNoSeriousA11yProblems(tabB);
  await screenshot(tabB, "objective-conflict", ["desktop"]);
  // Re-applying on the current version saves.
  await tabB.getByLabel("Title").fill("Platform ships the fastest sync");
  await tabB.getByRole("button", { name: "Save again" }).click();
  await tabB.waitForURL(`${BASE}/objectives/${teamId}`);
  await expect(
    tabB.getByRole("heading", { level: 1, name: "Platform ships the fastest sync" }),
  ).toBeVisible();

  // --- Archive the Growth objective.
  await admin.goto(`/objectives/${growthId}/edit`);
  await admin.getByRole("button", { name: `Archive “${GROWTH_OBJECTIVE}”` }).click();
  await admin.waitForURL(`${BASE}/objectives/${growthId}`);
  await admin.goto(`/objectives/${growthId}/edit`);
  await expect(admin.getByText("This objective is archived and can no longer be edited.")).toBeVisible();

  // --- Without JavaScript (the admin's session in a no-script browser): errors, then a check-in.
  const noScript = await browser.newContext({
    baseURL: BASE,
    javaScriptEnabled: false,
    storageState: await adminContext.storageState(),
  });
  const plain = await noScript.newPage();
  await plain.goto("/objectives/new");
  await plain.getByRole("button", { name: "Create objective" }).click();
  await expect(answer(plain)).toContainText("problems with this form");
  await expect(plain.locator("#field-title-error")).toBeVisible();
  await expect(plain.locator("#field-level-error")).toBeVisible();
  await expectNoStackTrace(plain);
  await plain.goto("/check-in");
  await plain
    .locator(`[data-kr-row="${KR_INCREASE}"]`)
    .getByLabel(/New value/)
    .fill("12");
  await plain.getByRole("button", { name: "Check in on changed key results" }).click();
  await expect(answer(plain)).toContainText("Checked in on 1 key result");
  await plain.goto(`/key-results/${krId}/check-in`);
  await expect(plain.locator("[data-check-in]")).toHaveCount(2);

  await Promise.all([adminContext.close(), member.context().close(), noScript.close()]);
});
