import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { type OwnServer, ownPort, startOwnServer } from "./support/own-server";

const PORT = ownPort(10);
const BASE = `http://127.0.0.1:${PORT}`;
const SCREENSHOTS = path.resolve("test-results", "screenshots");

let server: OwnServer | undefined;

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startOwnServer("auth", PORT);
});

test.afterAll(async () => {
  const log = server?.log() ?? "";
  await server?.stop();
  mkdirSync("test-results", { recursive: true });
  writeFileSync(path.join("test-results", "auth-e2e-server.log"), log);
});

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [suffix, width, height] of [
    ["desktop", 1280, 800],
    ["phone", 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function expectNoSeriousA11yProblems(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  expect(serious).toEqual([]);
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(BASE)).find((c) => c.name === "cairn.session_token");
}

const ADMIN = { name: "Ada Lovelace", email: "ada@example.com" };

test("first run, sign-out, and signing in with an emailed link", async ({ browser }) => {
  test.setTimeout(120_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();

  // 1. /setup: every field error at once, no stack traces.
  await admin.goto("/setup");
  await expect(admin.getByRole("heading", { level: 1, name: "Set up Cairn" })).toBeVisible();
  await screenshot(admin, "setup");
  await expectNoSeriousA11yProblems(admin);
  await admin.getByLabel("Your email address").fill("not an email");
  await admin.getByRole("button", { name: "Create organisation and sign in" }).click();
  const summary = admin.getByRole("alert").filter({ hasText: "Check the highlighted fields." });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(admin.getByText("Enter the organisation's name.")).toBeVisible();
  await expect(admin.getByText("Enter your name.")).toBeVisible();
  await expect(admin.getByText(/Enter a valid email address/)).toBeVisible();
  await expect(admin.getByLabel("Your email address")).toHaveValue("not an email");
  await expect(admin.getByLabel("Your email address")).toHaveAttribute("aria-invalid", "true");
  await expect(admin.locator("body")).not.toContainText(/\bat \w+ \(|Error:/);
  await screenshot(admin, "setup-errors");

  await admin.getByLabel("Organisation name").fill("Acme Rockets");
  await admin.getByLabel("Organisation time zone").selectOption("Europe/Berlin");
  await admin.getByLabel("Your name").fill(ADMIN.name);
  await admin.getByLabel("Your email address").fill(ADMIN.email);
  await admin.getByLabel("Your time zone").selectOption("Europe/London");
  await admin.getByRole("button", { name: "Create organisation and sign in" }).click();
  await admin.waitForURL(`${BASE}/`);

  // Signed in: an HttpOnly, SameSite=Lax session cookie (not Secure: APP_URL is http).
  const cookie = await sessionCookie(adminContext);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  // A persistent cookie that lasts as long as the session (30 days).
  expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
  await admin.goto("/sign-in");
  await expect(admin.getByRole("heading", { name: "You are signed in" })).toBeVisible();
  await expect(admin.getByText(`Signed in as ${ADMIN.name} (${ADMIN.email}).`)).toBeVisible();

  // A second setup is refused.
  await admin.goto("/setup");
  await expect(admin).toHaveURL(`${BASE}/sign-in`);

  // 2. Someone signed out asks for links: the same answer for a known and an unknown address.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto("/sign-in");
  await expect(visitor.getByRole("heading", { level: 1, name: "Sign in to Cairn" })).toBeVisible();
  await expect(
    visitor.getByText("No mail server is configured yet: an admin can read sign-in links at /admin/outbox"),
  ).toBeVisible();
  await screenshot(visitor, "sign-in");
  await expectNoSeriousA11yProblems(visitor);

  await visitor.getByLabel("Email address").fill("nobody@example.com");
  await visitor.getByRole("button", { name: "Email me a sign-in link" }).click();
  const answerForUnknown =
    (await visitor.getByRole("status").filter({ hasText: "Check your email" }).textContent()) ?? "";
  await visitor.goto("/sign-in");
  await visitor.getByLabel("Email address").fill(ADMIN.email);
  await visitor.getByRole("button", { name: "Email me a sign-in link" }).click();
  const answerForKnown =
    (await visitor.getByRole("status").filter({ hasText: "Check your email" }).textContent()) ?? "";
  expect(answerForKnown.replace(ADMIN.email, "X")).toBe(answerForUnknown.replace("nobody@example.com", "X"));
  await screenshot(visitor, "sign-in-sent");

  // A signed-out visitor cannot read the outbox.
  await visitor.goto("/admin/outbox");
  await expect(visitor).toHaveURL(`${BASE}/sign-in`);

  // 3. The admin reads the link in the outbox: one mail, to the known address only.
  await admin.goto("/admin/outbox");
  await expect(admin.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  const mails = admin.getByRole("article");
  await expect(mails).toHaveCount(1);
  await expect(mails.first()).toContainText(ADMIN.email);
  await expect(admin.getByText("nobody@example.com")).toHaveCount(0);
  const body = (await mails.first().locator("pre").first().textContent()) ?? "";
  const link = /https?:\/\/\S+\/sign-in\/confirm\?token=[A-Za-z0-9_-]+/.exec(body)?.[0];
  expect(link, body).toBeTruthy();
  expect(link!.startsWith(`${BASE}/sign-in/confirm?token=`)).toBe(true);
  await screenshot(admin, "outbox");

  // 4. The admin signs out (the POST of the header's button).
  await admin.getByRole("button", { name: "Sign out" }).first().click();
  await expect(admin).toHaveURL(`${BASE}/sign-in?signed-out`);
  await expect(admin.getByText("You are signed out.")).toBeVisible();
  expect(await sessionCookie(adminContext)).toBeUndefined();

  // 5. Opening the link only shows a confirmation; opening it again still works (GET never spends it).
  await visitor.goto(link!);
  await expect(visitor.getByRole("heading", { level: 1, name: "Confirm sign-in" })).toBeVisible();
  await visitor.reload();
  const signInAs = visitor.getByRole("button", { name: `Sign in as ${ADMIN.name}` });
  await expect(signInAs).toBeVisible();
  expect(await sessionCookie(visitorContext)).toBeUndefined();
  await screenshot(visitor, "confirm");
  await expectNoSeriousA11yProblems(visitor);
  await signInAs.click();
  await visitor.waitForURL(`${BASE}/`);
  expect(await sessionCookie(visitorContext)).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await visitor.goto("/sign-in");
  await expect(visitor.getByText(`Signed in as ${ADMIN.name} (${ADMIN.email}).`)).toBeVisible();

  // 6. The link works once.
  const again = await browser.newContext();
  const third = await again.newPage();
  await third.goto(link!);
  await expect(
    third.getByRole("heading", { level: 1, name: "This link can no longer be used" }),
  ).toBeVisible();
  await screenshot(third, "confirm-used");

  // 7. Without JavaScript: asking for a link and confirming it are plain form posts.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/sign-in");
  await plain.getByLabel("Email address").fill(ADMIN.email);
  await plain.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(plain.getByText("Check your email.")).toBeVisible();
  await visitor.goto("/admin/outbox");
  await expect(visitor.getByRole("article")).toHaveCount(2);
  const newest = (await visitor.getByRole("article").first().locator("pre").first().textContent()) ?? "";
  const secondLink = /https?:\/\/\S+\/sign-in\/confirm\?token=[A-Za-z0-9_-]+/.exec(newest)?.[0];
  expect(secondLink).toBeTruthy();
  expect(secondLink).not.toBe(link);
  await plain.goto(secondLink!);
  await plain.getByRole("button", { name: `Sign in as ${ADMIN.name}` }).click();
  await plain.waitForURL(`${BASE}/`);
  await plain.goto("/sign-in");
  await expect(plain.getByText(`Signed in as ${ADMIN.name} (${ADMIN.email}).`)).toBeVisible();

  // 8. Sign out of all sessions: the visitor's session, and a second one of the same admin, end.
  await visitor.goto("/sign-out/sessions");
  await expect(visitor.getByRole("button", { name: "Sign out of all sessions" })).toBeVisible();
  await visitor.getByRole("button", { name: "Sign out of all sessions" }).click();
  await expect(visitor).toHaveURL(`${BASE}/sign-in?signed-out`);
  await visitor.goto("/admin/outbox");
  await expect(visitor).toHaveURL(`${BASE}/sign-in`);
  // …including the other browser's session.
  await plain.goto("/sign-in");
  await expect(plain.getByRole("heading", { level: 1, name: "Sign in to Cairn" })).toBeVisible();

  await Promise.all([adminContext.close(), visitorContext.close(), again.close(), noJs.close()]);
});
