/**
 * One-click check-in links: opening changes nothing, saving checks in as the link's person on their
 * own key results only, and expired, revoked, tampered or foreign tokens are refused.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIns, checkInTokens, emailOutbox, keyResults, users } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { getCheckInLinkPage } from "../../src/server/get-check-in-link-page";
import { revokeCheckInLink } from "../../src/server/revoke-check-in-link";
import { sendWeeklyReminders } from "../../src/server/send-weekly-reminders";
import { submitCheckInLink } from "../../src/server/submit-check-in-link";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { insertCycle, insertKeyResult, insertObjective, insertOrg, insertUser } from "../helpers/fixtures";
import { expectAppError, snapshot } from "../helpers/world";

let h: TestDb;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
let aliceKr1: { id: string };
let aliceKr2: { id: string };
let aliceDone: { id: string };
let bobKr: { id: string };
let aliceToken: string;
let bobToken: string;

/** Monday 3 August 2026, 09:00 in Berlin: week 5 of Q3. */
const SWEEP = new Date("2026-08-03T07:00:00Z");
const LATER = new Date("2026-08-04T10:00:00Z");

/** Every table the link could touch: row counts and content. */
async function everything() {
  const base = await snapshot(h.db);
  const extra = await queryRows<{ t: string; n: number; h: string }>(
    h.db,
    sql.raw(
      ["check_in_tokens", "email_outbox", "reminder_sends", "auth_sessions"]
        .map(
          (t) =>
            `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`,
        )
        .join(" UNION ALL "),
    ),
  );
  return { base, extra };
}

async function tokenFor(email: string): Promise<string> {
  const [mail] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
  const token = /\/u\/([A-Za-z0-9_-]{43})/.exec(mail!.textBody)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

beforeAll(async () => {
  h = await createTestDb();
  await insertOrg(h.db, { timeZone: "Europe/Berlin" });
  alice = await insertUser(h.db, { name: "Alice", timeZone: "Europe/Berlin" });
  bob = await insertUser(h.db, { name: "Bob", timeZone: "Europe/Berlin" });
  const cycle = await insertCycle(h.db, { name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30" });
  const oa = await insertObjective(h.db, { cycleId: cycle.id, level: "INDIVIDUAL", ownerUserId: alice.id });
  const ob = await insertObjective(h.db, { cycleId: cycle.id, level: "INDIVIDUAL", ownerUserId: bob.id });
  aliceKr1 = await insertKeyResult(h.db, {
    objectiveId: oa.id,
    ownerUserId: alice.id,
    title: "A1",
    currentValue: 10,
  });
  aliceKr2 = await insertKeyResult(h.db, {
    objectiveId: oa.id,
    ownerUserId: alice.id,
    title: "A2",
    currentValue: 0,
  });
  aliceDone = await insertKeyResult(h.db, {
    objectiveId: oa.id,
    ownerUserId: alice.id,
    title: "A dropped",
    status: "DROPPED",
  });
  // Bob owns a key result under Alice's objective too: Alice's link must not reach it.
  bobKr = await insertKeyResult(h.db, { objectiveId: oa.id, ownerUserId: bob.id, title: "B under A" });
  await insertKeyResult(h.db, { objectiveId: ob.id, ownerUserId: bob.id, title: "B1" });
  const r = await sendWeeklyReminders(h.db, { now: SWEEP });
  expect(r.sent).toBe(2);
  aliceToken = await tokenFor(alice.email);
  bobToken = await tokenFor(bob.email);
});

afterAll(async () => {
  await h?.close();
});

describe(`one-click links on ${dialectName}`, () => {
  it("GET (three times) shows the person's own open key results and changes nothing, not even last_used_at", async () => {
    const before = await everything();
    for (let i = 0; i < 3; i++) {
      const page = await getCheckInLinkPage(h.db, { token: aliceToken, now: LATER });
      expect(page.state).toBe("valid");
      if (page.state !== "valid") return;
      expect(page.holder.user.id).toBe(alice.id);
      expect(page.keyResults.map((k) => k.title)).toEqual(["A1", "A2"]);
      expect(page.keyResults[0]).toMatchObject({ currentValue: 10, confidence: 5 });
    }
    expect(await everything()).toEqual(before);
    const [t] = await h.db.select().from(checkInTokens).where(eq(checkInTokens.userId, alice.id));
    expect(t?.lastUsedAt).toBeNull();
  });

  it("POST checks in on the changed rows only, as the person, with source email", async () => {
    const result = await submitCheckInLink(h.db, {
      token: aliceToken,
      now: LATER,
      rows: [
        { keyResultId: aliceKr1.id, value: "60", was: "10", confidence: "5", wasConfidence: "5", note: "" },
        { keyResultId: aliceKr2.id, value: "0", was: "0", confidence: "5", wasConfidence: "5", note: "" },
      ],
    });
    expect(result.state).toBe("valid");
    if (result.state !== "valid") return;
    expect(result.unchanged).toBe(1);
    expect(result.checkedIn).toHaveLength(1);
    expect(result.checkedIn[0]).toMatchObject({
      keyResultId: aliceKr1.id,
      currentValue: 60,
      status: "ON_TRACK",
    });
    const rows = await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, aliceKr1.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: "email",
      authorUserId: alice.id,
      previousValue: 10,
      newValue: 60,
    });
    expect(await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, aliceKr2.id))).toHaveLength(0);
    const [t] = await h.db.select().from(checkInTokens).where(eq(checkInTokens.userId, alice.id));
    expect(t?.lastUsedAt?.toISOString()).toBe(LATER.toISOString());
    // No session was created.
    expect(await queryRows(h.db, sql`SELECT 1 FROM auth_sessions`)).toHaveLength(0);
  });

  it("a note or a new confidence alone is a check-in; a bad value refuses the whole form", async () => {
    const ok = await submitCheckInLink(h.db, {
      token: aliceToken,
      now: LATER,
      rows: [
        { keyResultId: aliceKr2.id, value: "0", was: "0", confidence: "8", wasConfidence: "5", note: "" },
      ],
    });
    expect(ok.state === "valid" && ok.checkedIn.length).toBe(1);
    const before = await everything();
    const bad = await expectAppError(
      submitCheckInLink(h.db, {
        token: aliceToken,
        now: LATER,
        rows: [
          { keyResultId: aliceKr1.id, value: "70", was: "60" },
          { keyResultId: aliceKr2.id, value: "NaN", was: "0" },
        ],
      }),
      "BAD_INPUT",
    );
    expect(Object.keys(bad.fields)).toEqual([`value:${aliceKr2.id}`]);
    expect(await everything()).toEqual(before);
  });

  it("POST cannot touch a key result outside the token's scope: refused, nothing written", async () => {
    const before = await everything();
    for (const outside of [bobKr.id, aliceDone.id, "00000000-0000-4000-8000-000000000000"]) {
      await expectAppError(
        submitCheckInLink(h.db, {
          token: aliceToken,
          now: LATER,
          rows: [
            { keyResultId: aliceKr1.id, value: "99", was: "60" },
            { keyResultId: outside, value: "50", was: "0" },
          ],
        }),
        "FORBIDDEN",
      );
    }
    // Another person's token with Alice's key result: refused too.
    await expectAppError(
      submitCheckInLink(h.db, {
        token: bobToken,
        now: LATER,
        rows: [{ keyResultId: aliceKr1.id, value: "1", was: "60" }],
      }),
      "FORBIDDEN",
    );
    expect(await everything()).toEqual(before);
    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.id, aliceKr1.id));
    expect(kr?.currentValue).toBe(60);
  });

  it("refuses tampered, expired, revoked and deactivated-person tokens without writing", async () => {
    const flip = (t: string) => (t[0] === "A" ? "B" : "A") + t.slice(1);
    const before = await everything();
    const row = [{ keyResultId: aliceKr1.id, value: "1", was: "60" }];
    for (const token of [flip(aliceToken), `${aliceToken}x`, "", "../../etc", null]) {
      expect((await getCheckInLinkPage(h.db, { token, now: LATER })).state).toBe("invalid");
      expect((await submitCheckInLink(h.db, { token, now: LATER, rows: row })).state).toBe("invalid");
    }
    const expiry = new Date(SWEEP.getTime() + 8 * 24 * 3600 * 1000);
    expect(
      (await getCheckInLinkPage(h.db, { token: aliceToken, now: new Date(expiry.getTime() - 1) })).state,
    ).toBe("valid");
    expect((await getCheckInLinkPage(h.db, { token: aliceToken, now: expiry })).state).toBe("expired");
    expect((await submitCheckInLink(h.db, { token: aliceToken, now: expiry, rows: row })).state).toBe(
      "expired",
    );
    expect(await everything()).toEqual(before);

    await h.db.update(users).set({ active: false }).where(eq(users.id, bob.id));
    expect((await getCheckInLinkPage(h.db, { token: bobToken, now: LATER })).state).toBe("inactive");
    await h.db.update(users).set({ active: true }).where(eq(users.id, bob.id));

    expect(await revokeCheckInLink(h.db, { token: aliceToken, now: LATER })).toEqual({ revoked: true });
    expect((await getCheckInLinkPage(h.db, { token: aliceToken, now: LATER })).state).toBe("revoked");
    const afterRevoke = await everything();
    expect((await submitCheckInLink(h.db, { token: aliceToken, now: LATER, rows: row })).state).toBe(
      "revoked",
    );
    expect(await everything()).toEqual(afterRevoke);
    // Bob's link is unaffected.
    expect((await getCheckInLinkPage(h.db, { token: bobToken, now: LATER })).state).toBe("valid");
  });
});
