/**
 * Sign-in and first run, end to end through better-auth on a real database (PGlite, and PostgreSQL
 * with TEST_DATABASE_URL). The emailed link is read back from the outbox, as an admin would.
 */
import { count, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Auth, createAuth } from "../../src/auth/auth";
import { resolveAuthSecret } from "../../src/auth/secret";
import { actorFromAuth } from "../../src/auth/session";
import { hashSignInToken } from "../../src/auth/tokens";
import { openDatabase } from "../../src/db/client";
import {
  authSessions,
  authVerifications,
  emailOutbox,
  orgSettings,
  rateLimits,
  users,
} from "../../src/db/schema";
import { enqueueEmail } from "../../src/email/outbox";
import { escapeHtml, renderSignInLinkEmail } from "../../src/email/sign-in-link-email";
import { AppError } from "../../src/lib/errors";
import { confirmSignIn } from "../../src/server/confirm-sign-in";
import { findSignInLink } from "../../src/server/find-sign-in-link";
import { listOutbox } from "../../src/server/list-outbox";
import { needsSetup } from "../../src/server/needs-setup";
import { hitRateLimit } from "../../src/server/rate-limit";
import { requestSignInLink, SIGN_IN_LINK_LIMITS } from "../../src/server/request-sign-in-link";
import { setupOrganisation } from "../../src/server/setup-organisation";
import { createTestDb, dialectName, onPostgres, type TestDb } from "../helpers/db";
import { insertOrg, insertUser } from "../helpers/fixtures";

const APP_URL = "http://cairn.test";
const SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

let handle: TestDb;
let auth: Auth;
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDb();
  auth = createAuth(handle.db, { secret: SECRET, appUrl: APP_URL, logLevel: "error" });
});

afterAll(async () => {
  await handle?.close();
});

afterEach(async () => {
  // Every test starts with no people, links, sessions, mail or counters.
  await db().delete(authSessions);
  await db().delete(authVerifications);
  await db().delete(emailOutbox);
  await db().delete(rateLimits);
  await db().delete(users);
  await db().delete(orgSettings);
});

async function rowCount(table: typeof users | typeof orgSettings | typeof emailOutbox | typeof authSessions) {
  const [row] = await db().select({ n: count() }).from(table);
  return row?.n ?? 0;
}

async function outboxRows() {
  return db().select().from(emailOutbox).orderBy(emailOutbox.createdAt);
}

/** The token in the confirmation link of the newest sign-in mail. */
async function latestToken(): Promise<string> {
  const rows = await outboxRows();
  const mail = rows.at(-1);
  if (!mail) throw new Error("no mail in the outbox");
  const match = /\/sign-in\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.textBody);
  if (!match?.[1]) throw new Error(`no link in: ${mail.textBody}`);
  return match[1];
}

/** Request headers carrying the cookies of a better-auth response. */
function cookieHeaders(responseHeaders: Headers): Headers {
  const cookies = responseHeaders
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c): c is string => Boolean(c) && !c!.endsWith("="));
  return new Headers({ cookie: cookies.join("; ") });
}

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

const setupValues = {
  organisationName: "Acme Rockets",
  organisationTimeZone: "Europe/Berlin",
  adminName: "Ada Admin",
  adminEmail: "Ada@Example.com",
  adminTimeZone: "America/New_York",
};

describe(`first run (${dialectName})`, () => {
  it("creates the organisation and its admin once, then refuses without changing anything", async () => {
    const now = new Date("2026-12-01T09:00:00Z");
    expect(await needsSetup(db())).toBe(true);
    const { userId } = await setupOrganisation(db(), { values: setupValues, now });
    expect(await needsSetup(db())).toBe(false);

    const [admin] = await db().select().from(users).where(eq(users.id, userId));
    expect(admin).toMatchObject({
      name: "Ada Admin",
      email: "ada@example.com",
      role: "admin",
      active: true,
      timeZone: "America/New_York",
    });
    const [org] = await db().select().from(orgSettings);
    expect(org).toMatchObject({ id: 1, name: "Acme Rockets", timeZone: "Europe/Berlin" });

    const again = await expectAppError(
      setupOrganisation(db(), {
        values: { ...setupValues, adminEmail: "mallory@example.com", organisationName: "Evil" },
        now,
      }),
      "CONFLICT",
    );
    expect(again.message).toMatch(/already set up/);
    expect(await rowCount(users)).toBe(1);
    expect(await rowCount(orgSettings)).toBe(1);
    const [orgAfter] = await db().select().from(orgSettings);
    expect(orgAfter?.name).toBe("Acme Rockets");
  });

  it("reports every invalid field at once and writes nothing", async () => {
    const error = await expectAppError(
      setupOrganisation(db(), {
        values: {
          organisationName: " ",
          organisationTimeZone: "Mars/Olympus",
          adminName: "",
          adminEmail: "not-an-email",
          adminTimeZone: "",
        },
        now: new Date(),
      }),
      "BAD_INPUT",
    );
    expect(Object.keys(error.fields).sort()).toEqual(
      ["adminEmail", "adminName", "adminTimeZone", "organisationName", "organisationTimeZone"].sort(),
    );
    expect(await rowCount(users)).toBe(0);
    expect(await rowCount(orgSettings)).toBe(0);
  });

  it("lets only one of two concurrent setups through", async () => {
    const now = new Date();
    const results = await Promise.allSettled([
      setupOrganisation(db(), { values: setupValues, now }),
      setupOrganisation(db(), { values: { ...setupValues, adminEmail: "other@example.com" }, now }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await rowCount(users)).toBe(1);
  });

  it("starts a better-auth session for the new admin", async () => {
    const { userId } = await setupOrganisation(db(), { values: setupValues, now: new Date() });
    const started = await auth.api.startSessionForUser({ body: { userId }, returnHeaders: true });
    const actor = await actorFromAuth(auth, cookieHeaders(started.headers));
    expect(actor).toEqual({ id: userId, email: "ada@example.com", name: "Ada Admin", role: "admin" });
  });
});

describe(`sign-in links (${dialectName})`, () => {
  const now = new Date();

  it("answers the same for unknown and known emails, and writes mail only for active users", async () => {
    await insertOrg(db(), { name: "Acme" });
    const known = await insertUser(db(), { email: "known@example.com", name: "Known <Person>" });
    await insertUser(db(), { email: "gone@example.com", active: false });

    const unknown = await requestSignInLink(db(), auth, {
      email: "nobody@example.com",
      ip: "203.0.113.1",
      now,
    });
    const inactive = await requestSignInLink(db(), auth, {
      email: "gone@example.com",
      ip: "203.0.113.1",
      now,
    });
    expect(await rowCount(emailOutbox)).toBe(0);
    const ok = await requestSignInLink(db(), auth, { email: " KNOWN@example.com ", ip: "203.0.113.1", now });
    expect(ok).toEqual(unknown);
    expect(ok).toEqual(inactive);

    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    const mail = rows[0]!;
    expect(mail).toMatchObject({
      toAddress: known.email,
      kind: "SIGN_IN_LINK",
      status: "PENDING",
      attempts: 0,
      sentAt: null,
      dedupeKey: null,
    });
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@cairn\.test>$/);
    expect(mail.subject).toBe("Your sign-in link for Acme on Cairn");
    expect(mail.textBody).toContain(`${APP_URL}/sign-in/confirm?token=`);
    expect(mail.textBody).not.toContain("/api/auth/");
    expect(mail.htmlBody).toContain("Known &lt;Person&gt;");
    expect(mail.htmlBody).not.toContain("<Person>");
    // Only one verification row: none for the unknown or the deactivated address.
    const [v] = await db().select({ n: count() }).from(authVerifications);
    expect(v?.n).toBe(1);
  });

  it("rejects a malformed email with a field error", async () => {
    const error = await expectAppError(
      requestSignInLink(db(), auth, { email: "nope", ip: null, now }),
      "BAD_INPUT",
    );
    expect(error.fields.email?.[0]).toMatch(/valid email/);
  });

  it("stores only a hash of the token, valid for at most 10 minutes", async () => {
    await insertUser(db(), { email: "hash@example.com" });
    const before = Date.now();
    await requestSignInLink(db(), auth, { email: "hash@example.com", ip: null, now });
    const token = await latestToken();
    const rows = await db().select().from(authVerifications);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.identifier).toBe(`magic-link:${hashSignInToken(token)}`);
    // The raw token is nowhere in the verification table.
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    const [found] = await db()
      .select({ n: count() })
      .from(authVerifications)
      .where(
        sql`${authVerifications.identifier} LIKE ${`%${token}%`} OR ${authVerifications.value} LIKE ${`%${token}%`}`,
      );
    expect(found?.n).toBe(0);
    const lifetime = row.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThan(9 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60 * 1000 + 5_000);
  });

  it("signs in once: GET-style look-ups do not consume, the POST does, and a second POST fails", async () => {
    const person = await insertUser(db(), { email: "once@example.com", name: "Once" });
    await requestSignInLink(db(), auth, { email: "once@example.com", ip: null, now });
    const token = await latestToken();

    // Opening the confirm page (any number of times) only looks.
    for (let i = 0; i < 3; i++) {
      const look = await findSignInLink(db(), { token, now: new Date() });
      expect(look).toMatchObject({ state: "valid", user: { id: person.id, name: "Once" } });
    }
    expect(await rowCount(authSessions)).toBe(0);

    const first = await confirmSignIn(db(), auth, { token, requestHeaders: new Headers(), now: new Date() });
    expect(first.userId).toBe(person.id);
    const setCookie = first.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/cairn\.session_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i); // APP_URL is http here
    const actor = await actorFromAuth(auth, cookieHeaders(first.headers));
    expect(actor).toEqual({ id: person.id, email: person.email, name: "Once", role: "member" });

    expect((await findSignInLink(db(), { token, now: new Date() })).state).toBe("invalid");
    await expectAppError(
      confirmSignIn(db(), auth, { token, requestHeaders: new Headers(), now: new Date() }),
      "UNPROCESSABLE",
    );
    expect(await rowCount(authSessions)).toBe(1);
  });

  it("makes a new session at each sign-in and ends the browser's previous one", async () => {
    await insertUser(db(), { email: "twice@example.com" });
    await requestSignInLink(db(), auth, { email: "twice@example.com", ip: null, now });
    const first = await confirmSignIn(db(), auth, {
      token: await latestToken(),
      requestHeaders: new Headers(),
      now: new Date(),
    });
    const [s1] = await db().select().from(authSessions);
    await requestSignInLink(db(), auth, { email: "twice@example.com", ip: null, now });
    await confirmSignIn(db(), auth, {
      token: await latestToken(),
      requestHeaders: cookieHeaders(first.headers),
      now: new Date(),
    });
    const sessions = await db().select().from(authSessions);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).not.toBe(s1!.id);
    expect(sessions[0]!.token).not.toBe(s1!.token);
    expect(await actorFromAuth(auth, cookieHeaders(first.headers))).toBeNull();
  });

  it("refuses an expired link (by our clock and by better-auth's)", async () => {
    await insertUser(db(), { email: "late@example.com" });
    await requestSignInLink(db(), auth, { email: "late@example.com", ip: null, now });
    const token = await latestToken();
    const elevenMinutesLater = new Date(Date.now() + 11 * 60 * 1000);
    expect((await findSignInLink(db(), { token, now: elevenMinutesLater })).state).toBe("invalid");
    await expectAppError(
      confirmSignIn(db(), auth, { token, requestHeaders: new Headers(), now: elevenMinutesLater }),
      "UNPROCESSABLE",
    );
    // Now with our clock at "now" but the row past its expiry: better-auth itself refuses it.
    await db()
      .update(authVerifications)
      .set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await findSignInLink(db(), { token, now: new Date() })).state).toBe("invalid");
    const direct = await auth.api
      .magicLinkVerify({ query: { token }, headers: new Headers() })
      .then(() => "signed in")
      .catch(() => "refused");
    expect(direct).toBe("refused");
    expect(await rowCount(authSessions)).toBe(0);
  });

  it("refuses a user deactivated after the link was sent, and ignores their existing sessions", async () => {
    const person = await insertUser(db(), { email: "leaver@example.com" });
    await requestSignInLink(db(), auth, { email: "leaver@example.com", ip: null, now });
    const first = await confirmSignIn(db(), auth, {
      token: await latestToken(),
      requestHeaders: new Headers(),
      now: new Date(),
    });
    await requestSignInLink(db(), auth, { email: "leaver@example.com", ip: null, now });
    const token = await latestToken();
    await db().update(users).set({ active: false }).where(eq(users.id, person.id));

    expect((await findSignInLink(db(), { token, now: new Date() })).state).toBe("inactive");
    await expectAppError(
      confirmSignIn(db(), auth, { token, requestHeaders: new Headers(), now: new Date() }),
      "FORBIDDEN",
    );
    // Straight through better-auth, the session hook refuses too.
    const direct = await auth.api
      .magicLinkVerify({ query: { token }, headers: new Headers() })
      .then(() => "signed in")
      .catch(() => "refused");
    expect(direct).toBe("refused");
    expect(await actorFromAuth(auth, cookieHeaders(first.headers))).toBeNull();
  });

  it("has no way to sign up: a link for an address without a user never signs anyone in", async () => {
    // Even if a verification row were made for an unknown address, verify refuses (disableSignUp).
    await auth.api.signInMagicLink({ body: { email: "stranger@example.com" }, headers: new Headers() });
    expect(await rowCount(emailOutbox)).toBe(0);
    expect(await rowCount(users)).toBe(0);
  });
});

describe(`rate limits on sign-in link requests (${dialectName})`, () => {
  it("limits requests per email, counting unknown addresses the same way", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    await insertUser(db(), { email: "limited@example.com" });
    const { limit } = SIGN_IN_LINK_LIMITS.perEmail;
    for (let i = 0; i < limit; i++) {
      await requestSignInLink(db(), auth, { email: "limited@example.com", ip: `198.51.100.${i}`, now });
      await requestSignInLink(db(), auth, { email: "unknown@example.com", ip: `198.51.100.${i}`, now });
    }
    const known = await expectAppError(
      requestSignInLink(db(), auth, { email: "limited@example.com", ip: "198.51.100.99", now }),
      "RATE_LIMITED",
    );
    const unknown = await expectAppError(
      requestSignInLink(db(), auth, { email: "unknown@example.com", ip: "198.51.100.99", now }),
      "RATE_LIMITED",
    );
    expect(known.message).toBe(unknown.message);
    expect(await rowCount(emailOutbox)).toBe(limit);
    // 15 minutes later the window has moved on.
    const later = new Date(now.getTime() + 15 * 60 * 1000 + 1);
    await requestSignInLink(db(), auth, { email: "limited@example.com", ip: "198.51.100.99", now: later });
    expect(await rowCount(emailOutbox)).toBe(limit + 1);
  });

  it("limits requests per IP across different emails", async () => {
    const now = new Date("2026-12-01T11:00:00Z");
    const { limit } = SIGN_IN_LINK_LIMITS.perIp;
    for (let i = 0; i < limit; i++) {
      await requestSignInLink(db(), auth, { email: `p${i}@example.com`, ip: "192.0.2.7", now });
    }
    await expectAppError(
      requestSignInLink(db(), auth, { email: "fresh@example.com", ip: "192.0.2.7", now }),
      "RATE_LIMITED",
    );
    await requestSignInLink(db(), auth, { email: "fresh@example.com", ip: "192.0.2.8", now });
  });

  it("keeps no email address or IP in the limiter table", async () => {
    await requestSignInLink(db(), auth, { email: "secret@example.com", ip: "192.0.2.55", now: new Date() });
    const dump = JSON.stringify(await db().select().from(rateLimits));
    expect(dump).not.toContain("secret@example.com");
    expect(dump).not.toContain("192.0.2.55");
  });

  it.runIf(onPostgres)("is shared by two app instances (two pools on one database)", async () => {
    const other = await openDatabase({ url: handle.url!, migrate: false, poolSize: 2 });
    try {
      const otherAuth = createAuth(other.db, { secret: SECRET, appUrl: APP_URL, logLevel: "error" });
      const now = new Date("2026-12-01T12:00:00Z");
      const { limit } = SIGN_IN_LINK_LIMITS.perEmail;
      for (let i = 0; i < limit; i++) {
        const [d, a] = i % 2 === 0 ? [db(), auth] : [other.db, otherAuth];
        await requestSignInLink(d, a, { email: "shared@example.com", ip: null, now });
      }
      await expectAppError(
        requestSignInLink(other.db, otherAuth, { email: "shared@example.com", ip: null, now }),
        "RATE_LIMITED",
      );
      await expectAppError(
        requestSignInLink(db(), auth, { email: "shared@example.com", ip: null, now }),
        "RATE_LIMITED",
      );
      // Concurrent hits from both instances are all counted.
      const key = "test:concurrent";
      const rule = { limit: 1000, windowSeconds: 60 };
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => hitRateLimit(i % 2 ? db() : other.db, { key, rule, now })),
      );
      const [row] = await db().select().from(rateLimits).where(eq(rateLimits.key, key));
      expect(row?.count).toBe(20);
    } finally {
      await other.close();
    }
  });
});

describe(`outbox and secrets (${dialectName})`, () => {
  it("enqueues a dedupe-keyed message once and lists the outbox newest first, for admins only", async () => {
    const mail = renderSignInLinkEmail({
      name: "<script>alert(1)</script>",
      organisationName: "A & B",
      url: "http://x.test/?a=1&b=2",
      validMinutes: 10,
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain(escapeHtml("<script>alert(1)</script>"));
    const opts = { now: new Date("2026-12-01T08:00:00Z"), appUrl: APP_URL };
    const a = await enqueueEmail(
      db(),
      { to: "a@example.com", kind: "SIGN_IN_LINK", dedupeKey: "k1", ...mail },
      opts,
    );
    const b = await enqueueEmail(
      db(),
      { to: "a@example.com", kind: "SIGN_IN_LINK", dedupeKey: "k1", ...mail },
      opts,
    );
    expect(a.created).toBe(true);
    expect(b).toEqual({ ...a, created: false });
    await enqueueEmail(
      db(),
      { to: "b@example.com", kind: "SIGN_IN_LINK", ...mail },
      { ...opts, now: new Date("2026-12-01T09:00:00Z") },
    );
    const admin = { id: "x", email: "admin@example.com", name: "Admin", role: "admin" as const };
    const listed = await listOutbox(db(), admin);
    expect(listed.map((m) => m.toAddress)).toEqual(["b@example.com", "a@example.com"]);
    await expectAppError(listOutbox(db(), { ...admin, role: "member" }), "FORBIDDEN");
  });

  it("generates one auth secret and keeps it; AUTH_SECRET wins when set", async () => {
    const first = await resolveAuthSecret(db(), undefined);
    const second = await resolveAuthSecret(db(), undefined);
    expect(first.source).toBe("database");
    expect(first.secret).toHaveLength(43);
    expect(second.secret).toBe(first.secret);
    expect(await resolveAuthSecret(db(), SECRET)).toEqual({ secret: SECRET, source: "env" });
  });
});
