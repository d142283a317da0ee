/**
 * The weekly check-in sweep: when it fires in each person's time zone (incl. DST weeks), exactly one
 * email per person per ISO week (twice, concurrently, on two pools), nobody with nothing to update,
 * and the email itself (escaping, header safety, plain text, links) — also through a real SMTP sink.
 */
import { eq, sql } from "drizzle-orm";
import { Parser } from "htmlparser2";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import {
  checkInTokens,
  cycles,
  emailOutbox,
  keyResults,
  orgSettings,
  reminderSends,
} from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { smtpTransport } from "../../src/email/transport";
import { hashCheckInLinkToken } from "../../src/server/check-in-link";
import { sendWeeklyReminders } from "../../src/server/send-weekly-reminders";
import { createTestDb, dialectName, onPostgres, statementCounter, type TestDb } from "../helpers/db";
import {
  insertCheckIns,
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertUser,
} from "../helpers/fixtures";
import { startSmtpSink } from "../helpers/smtp";

const XSS = "<img src=x onerror=alert(1)>";
const CRLF = "\r\nBcc: x@evil.example";

let h: TestDb;
let berlin: { id: string; email: string };
let la: { id: string; email: string };
let kolkata: { id: string; email: string };
let idle: { id: string; email: string };
let inactive: { id: string; email: string };
let cycleId: string;

/** A local wall-clock time in `timeZone` as an instant. */
function at(timeZone: string, iso: string): Date {
  const zdt = Temporal.PlainDateTime.from(iso).toZonedDateTime(timeZone);
  return new Date(zdt.epochMilliseconds);
}

async function mailsTo(userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    h.db,
    sql`SELECT count(*)::int AS n FROM email_outbox o JOIN users u ON u.email = o.to_address
        WHERE u.id = ${userId}::uuid AND o.kind = 'WEEKLY_CHECK_IN'`,
  );
  return Number(row?.n ?? 0);
}

async function resetSends() {
  await h.db.delete(reminderSends);
  await h.db.delete(checkInTokens);
  await h.db.delete(emailOutbox);
}

beforeAll(async () => {
  h = await createTestDb({ poolSize: 5 });
  await insertOrg(h.db, { name: "Acme", timeZone: "Europe/Berlin", reminderWeekday: 1, reminderHour: 9 });
  berlin = await insertUser(h.db, { name: `Bea ${XSS}`, timeZone: "Europe/Berlin" });
  la = await insertUser(h.db, { name: `Lou${CRLF}`, timeZone: "America/Los_Angeles" });
  kolkata = await insertUser(h.db, { name: "Kavya", timeZone: "Asia/Kolkata" });
  idle = await insertUser(h.db, { name: "Ida Idle", timeZone: "Europe/Berlin" });
  inactive = await insertUser(h.db, { name: "Ina Inactive", timeZone: "Europe/Berlin", active: false });

  const year = await insertCycle(h.db, {
    name: `2026 ${XSS}${CRLF}`,
    startDate: "2026-01-01",
    endDate: "2026-12-31",
  });
  cycleId = year.id;
  const q4 = await insertCycle(h.db, { name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" });
  const draft = await insertCycle(h.db, { name: "Draft", status: "DRAFT" });

  const objB = await insertObjective(h.db, {
    cycleId: year.id,
    level: "INDIVIDUAL",
    ownerUserId: berlin.id,
    title: `Objective ${XSS}`,
  });
  await insertKeyResult(h.db, {
    objectiveId: objB.id,
    ownerUserId: berlin.id,
    title: `KR ${XSS}${CRLF}`,
    unit: "users",
    status: "OFF_TRACK",
    statusReason: `Reason ${XSS}`,
  });
  const second = await insertKeyResult(h.db, {
    objectiveId: objB.id,
    ownerUserId: berlin.id,
    title: "Second key result",
    status: "AT_RISK",
    statusReason: "Behind plan",
  });
  await insertCheckIns(h.db, { id: second.id, startValue: 0 }, [
    { at: new Date("2026-12-08T10:00:00Z"), value: 5 },
  ]);
  const objQ4 = await insertObjective(h.db, { cycleId: q4.id, level: "INDIVIDUAL", ownerUserId: berlin.id });
  await insertKeyResult(h.db, { objectiveId: objQ4.id, ownerUserId: berlin.id, title: "Q4 one" });

  for (const person of [la, kolkata]) {
    const o = await insertObjective(h.db, { cycleId: year.id, level: "INDIVIDUAL", ownerUserId: person.id });
    await insertKeyResult(h.db, { objectiveId: o.id, ownerUserId: person.id });
  }
  // Ida owns only things with nothing to update; Ina is deactivated.
  const idleObj = await insertObjective(h.db, {
    cycleId: year.id,
    level: "INDIVIDUAL",
    ownerUserId: idle.id,
  });
  await insertKeyResult(h.db, { objectiveId: idleObj.id, ownerUserId: idle.id, status: "COMPLETED" });
  await insertKeyResult(h.db, { objectiveId: idleObj.id, ownerUserId: idle.id, status: "DROPPED" });
  const archived = await insertObjective(h.db, {
    cycleId: year.id,
    level: "INDIVIDUAL",
    ownerUserId: idle.id,
    archived: true,
  });
  await insertKeyResult(h.db, { objectiveId: archived.id, ownerUserId: idle.id });
  const draftObj = await insertObjective(h.db, {
    cycleId: draft.id,
    level: "INDIVIDUAL",
    ownerUserId: idle.id,
  });
  await insertKeyResult(h.db, { objectiveId: draftObj.id, ownerUserId: idle.id });
  const inactiveObj = await insertObjective(h.db, {
    cycleId: year.id,
    level: "INDIVIDUAL",
    ownerUserId: inactive.id,
  });
  await insertKeyResult(h.db, { objectiveId: inactiveObj.id, ownerUserId: inactive.id });
});

afterAll(async () => {
  await h?.close();
});

describe(`weekly reminders on ${dialectName}`, () => {
  beforeEach(resetSends);

  it("fires at the reminder hour in each person's own time zone, once per week", async () => {
    const day = "2026-12-07"; // a Monday
    const cases = [
      { who: kolkata, tz: "Asia/Kolkata" },
      { who: berlin, tz: "Europe/Berlin" },
      { who: la, tz: "America/Los_Angeles" },
    ];
    for (const { who, tz } of cases) {
      await sendWeeklyReminders(h.db, { now: at(tz, `${day}T08:59:59`) });
      expect(await mailsTo(who.id), `${tz} at 08:59`).toBe(0);
      await sendWeeklyReminders(h.db, { now: at(tz, `${day}T09:00:00`) });
      expect(await mailsTo(who.id), `${tz} at 09:00`).toBe(1);
      await sendWeeklyReminders(h.db, { now: at(tz, `${day}T09:59:00`) });
      expect(await mailsTo(who.id), `${tz} at 09:59`).toBe(1);
    }
    const sends = await h.db.select().from(reminderSends);
    expect(sends.map((s) => s.weekKey)).toEqual(["2026-W50", "2026-W50", "2026-W50"]);
    expect(sends.every((s) => s.outboxId !== null)).toBe(true);
    expect(await mailsTo(idle.id)).toBe(0);
    expect(await mailsTo(inactive.id)).toBe(0);
  });

  it("a person who missed the hour still gets the email later the same local day, never the next day", async () => {
    // 09:59 is the first sweep anyone sees on Monday 14 December in Berlin.
    const r = await sendWeeklyReminders(h.db, { now: at("Europe/Berlin", "2026-12-14T09:59:00") });
    expect(await mailsTo(berlin.id)).toBe(1);
    expect(r.sent).toBeGreaterThanOrEqual(1);
    // 23:30 in Kolkata is 10:00 in Los Angeles: both get theirs from this one sweep.
    await sendWeeklyReminders(h.db, { now: at("Asia/Kolkata", "2026-12-14T23:30:00") });
    expect(await mailsTo(kolkata.id)).toBe(1);
    expect(await mailsTo(la.id)).toBe(1);
    // Tuesday 00:30 in Los Angeles with no sweep on Monday 21 December: that week passes without an email.
    await sendWeeklyReminders(h.db, { now: at("America/Los_Angeles", "2026-12-22T00:30:00") });
    expect(await mailsTo(la.id)).toBe(1);
    const laWeeks = await h.db.select().from(reminderSends).where(eq(reminderSends.userId, la.id));
    expect(laWeeks.map((s) => s.weekKey)).toEqual(["2026-W51"]);
  });

  it("counts sent and skipped people; nobody with nothing to update is even a candidate", async () => {
    const r = await sendWeeklyReminders(h.db, { now: at("Europe/Berlin", "2026-12-07T09:00:00") });
    // Candidates: Bea, Lou, Kavya. Due at 09:00 Berlin: Bea and Kavya (14:30); Lou's Monday is at midnight.
    expect(r).toEqual({ sent: 2, skipped: 1 });
    const again = await sendWeeklyReminders(h.db, { now: at("Europe/Berlin", "2026-12-07T09:30:00") });
    expect(again).toEqual({ sent: 0, skipped: 3 });
  });

  it("sends exactly once in DST-change weeks (Europe/Berlin, late March and late October)", async () => {
    // Sunday 02:00: the hour does not exist on 29 March 2026 and happens twice on 25 October 2026.
    await h.db.update(orgSettings).set({ reminderWeekday: 7, reminderHour: 2 });
    try {
      await sendWeeklyReminders(h.db, { now: new Date("2026-03-29T00:59:00Z") }); // 01:59 CET
      expect(await mailsTo(berlin.id)).toBe(0);
      await sendWeeklyReminders(h.db, { now: new Date("2026-03-29T01:00:00Z") }); // 03:00 CEST
      expect(await mailsTo(berlin.id)).toBe(1);
      await sendWeeklyReminders(h.db, { now: new Date("2026-03-29T02:00:00Z") });
      expect(await mailsTo(berlin.id)).toBe(1);

      await sendWeeklyReminders(h.db, { now: new Date("2026-10-24T23:59:00Z") }); // 01:59 CEST
      expect(await mailsTo(berlin.id)).toBe(1);
      await sendWeeklyReminders(h.db, { now: new Date("2026-10-25T00:00:00Z") }); // first 02:00 (CEST)
      expect(await mailsTo(berlin.id)).toBe(2);
      await sendWeeklyReminders(h.db, { now: new Date("2026-10-25T01:00:00Z") }); // second 02:00 (CET)
      await sendWeeklyReminders(h.db, { now: new Date("2026-10-25T01:30:00Z") });
      expect(await mailsTo(berlin.id)).toBe(2);
      const keys = (await h.db.select().from(reminderSends).where(eq(reminderSends.userId, berlin.id)))
        .map((s) => s.weekKey)
        .sort();
      expect(keys).toEqual(["2026-W13", "2026-W43"]);
    } finally {
      await h.db.update(orgSettings).set({ reminderWeekday: 1, reminderHour: 9 });
    }
    // Monday after the spring change (CEST): 09:00 local is 07:00Z.
    await resetSends();
    await sendWeeklyReminders(h.db, { now: new Date("2026-03-30T06:59:00Z") });
    expect(await mailsTo(berlin.id)).toBe(0);
    await sendWeeklyReminders(h.db, { now: new Date("2026-03-30T07:00:00Z") });
    expect(await mailsTo(berlin.id)).toBe(1);
  });

  it("two sweeps at once send each email exactly once", async () => {
    const now = at("America/Los_Angeles", "2026-12-07T10:00:00"); // everybody is due
    const [a, b] = await Promise.all([
      sendWeeklyReminders(h.db, { now }),
      sendWeeklyReminders(h.db, { now }),
    ]);
    expect(a.sent + b.sent).toBe(3);
    for (const p of [berlin, la, kolkata]) expect(await mailsTo(p.id)).toBe(1);
    expect(await h.db.select().from(checkInTokens)).toHaveLength(3);
  });

  it.runIf(onPostgres)(
    "two instances (two pools on the same database) send each email exactly once",
    async () => {
      const other = await openDatabase({ url: h.url!, migrate: false, poolSize: 5 });
      try {
        const now = at("America/Los_Angeles", "2026-12-07T10:00:00");
        const results = await Promise.all([
          sendWeeklyReminders(h.db, { now }),
          sendWeeklyReminders(other.db, { now }),
          sendWeeklyReminders(h.db, { now }),
          sendWeeklyReminders(other.db, { now }),
        ]);
        expect(results.reduce((n, r) => n + r.sent, 0)).toBe(3);
        for (const p of [berlin, la, kolkata]) expect(await mailsTo(p.id)).toBe(1);
      } finally {
        await other.close();
      }
    },
  );

  it("a sweep that restarts after some people were sent only sends to the others", async () => {
    await h.db.insert(reminderSends).values({ userId: berlin.id, weekKey: "2026-W50" });
    const r = await sendWeeklyReminders(h.db, { now: at("America/Los_Angeles", "2026-12-07T10:00:00") });
    expect(r.sent).toBe(2);
    expect(await mailsTo(berlin.id)).toBe(0);
  });
});

describe(`weekly sweep statement count on ${dialectName}`, () => {
  it("is the same for 2 and 150 people due at once, each getting one linked email and one token", {
    timeout: 120_000,
  }, async () => {
    const c = statementCounter();
    const t = await createTestDb({ logger: c.logger });
    try {
      await insertOrg(t.db, { name: "Count", timeZone: "UTC", reminderWeekday: 1, reminderHour: 9 });
      const q4 = await insertCycle(t.db, { name: "Q4", startDate: "2026-10-01", endDate: "2026-12-31" });
      const counts: number[] = [];
      let people = 0;
      for (const n of [2, 150]) {
        for (; people < n; people += 1) {
          const u = await insertUser(t.db, { timeZone: people % 2 ? "UTC" : "Europe/London" });
          const o = await insertObjective(t.db, { cycleId: q4.id, level: "INDIVIDUAL", ownerUserId: u.id });
          await insertKeyResult(t.db, { objectiveId: o.id, ownerUserId: u.id, status: "AT_RISK" });
          await insertKeyResult(t.db, { objectiveId: o.id, ownerUserId: u.id });
        }
        await t.db.delete(reminderSends);
        await t.db.delete(checkInTokens);
        await t.db.delete(emailOutbox);
        c.reset();
        const r = await sendWeeklyReminders(t.db, { now: new Date("2026-12-07T09:00:00Z") });
        counts.push(c.count);
        expect(r).toEqual({ sent: n, skipped: 0 });
        const sends = await t.db.select().from(reminderSends);
        expect(sends).toHaveLength(n);
        expect(new Set(sends.map((s) => s.outboxId)).size).toBe(n);
        expect(await t.db.select().from(checkInTokens)).toHaveLength(n);
        const mails = await t.db.select().from(emailOutbox);
        expect(mails).toHaveLength(n);
        expect(new Set(mails.map((m) => m.toAddress)).size).toBe(n);
        expect(mails.every((m) => m.htmlBody.includes("Needs attention"))).toBe(true);
      }
      expect(counts[0]).toBe(counts[1]);
    } finally {
      await t.close();
    }
  });
});

describe("the weekly email", () => {
  let mail: typeof emailOutbox.$inferSelect;

  beforeAll(async () => {
    await resetSends();
    // Bea checked in "Second key result" on Tuesday 15 December (W51) at 11:00; the reminder day is
    // Tuesday for this email, so it shows "updated Tue".
    await h.db
      .update(keyResults)
      .set({ lastCheckInAt: new Date("2026-12-15T10:00:00Z") })
      .where(eq(keyResults.title, "Second key result"));
    await sendWeeklyReminders(h.db, { now: at("Europe/Berlin", "2026-12-15T09:30:00") });
    // (Tuesday is not the reminder day: nothing yet.)
    expect(await mailsTo(berlin.id)).toBe(0);
    await h.db.update(orgSettings).set({ reminderWeekday: 2 });
    await sendWeeklyReminders(h.db, { now: at("Europe/Berlin", "2026-12-15T11:00:00") });
    await h.db.update(orgSettings).set({ reminderWeekday: 1 });
    const [row] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, berlin.email));
    mail = row!;
  });

  it("has a safe subject naming the most relevant cycle, its week and '+1 more'", () => {
    expect(mail.kind).toBe("WEEKLY_CHECK_IN");
    expect(mail.dedupeKey).toBe(`weekly:${berlin.id}:2026-W51`);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe(
      `Weekly OKR check-in — 2026 ${XSS} Bcc: x@evil.example, week 50 of 53 (+1 more)`,
    );
  });

  it("escapes every user-provided text in the HTML (parsed)", () => {
    expect(mail.htmlBody).not.toContain(XSS);
    const { tags, text } = parseHtml(mail.htmlBody);
    expect(tags.filter((t) => t.name === "img")).toHaveLength(0);
    expect(tags.some((t) => Object.keys(t.attribs).some((a) => a.startsWith("on")))).toBe(false);
    expect(text).toContain(`Bea ${XSS}`);
    expect(text).toContain(`Objective ${XSS}`);
    expect(text).toContain(`Reason ${XSS}`);
  });

  it("lists needs-attention first, then every open key result with status words, values, progress and links", async () => {
    const { text, tags } = parseHtml(mail.htmlBody);
    expect(text).toContain("Needs attention");
    expect(text.indexOf("Needs attention")).toBeLessThan(text.indexOf("Q4 one"));
    expect(text).toContain("✕ Off track");
    expect(text).toContain("! At risk");
    expect(text).toContain("0 users / 100 users");
    expect(text).toContain("updated Tue");
    expect(text).toContain("What progress did you make this week?");
    expect(text).toContain("What's blocking you?");
    expect(text).toContain("Do you need to change your approach?");
    const hrefs = tags.filter((t) => t.name === "a").map((t) => t.attribs.href ?? "");
    expect(hrefs).toContain("http://localhost:3000/my");
    const links = hrefs.filter((href) => href.includes("/u/"));
    const tokens = new Set(links.map((href) => /\/u\/([A-Za-z0-9_-]{43})/.exec(href)?.[1]));
    expect(tokens.size).toBe(1);
    const token = [...tokens][0]!;
    const krIds = (
      await h.db.select({ id: keyResults.id }).from(keyResults).where(eq(keyResults.ownerUserId, berlin.id))
    ).map((k) => k.id);
    for (const id of krIds.slice(0, 2)) expect(links).toContain(`http://localhost:3000/u/${token}#kr-${id}`);
    // The token is stored only as its hash, for 8 days.
    const [stored] = await h.db
      .select()
      .from(checkInTokens)
      .where(eq(checkInTokens.tokenHash, hashCheckInLinkToken(token)));
    expect(stored?.userId).toBe(berlin.id);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(8 * 24 * 3600 * 1000);
    expect(
      await queryRows(h.db, sql`SELECT 1 FROM check_in_tokens WHERE token_hash = ${token}`),
    ).toHaveLength(0);
  });

  it("has a plain-text part with the same content, line breaks in user text flattened", () => {
    expect(mail.textBody).toContain("Update all your key results: http://localhost:3000/u/");
    expect(mail.textBody).toContain(`KR ${XSS} Bcc: x@evil.example`);
    expect(mail.textBody).not.toMatch(/\r\nBcc/);
    expect(mail.textBody).toContain("What's blocking you?");
    expect(mail.textBody).toContain("My OKRs: http://localhost:3000/my");
  });

  it("arrives escaped and with clean headers through a real SMTP server", async () => {
    const smtp = await startSmtpSink();
    const transport = smtpTransport({ url: smtp.url });
    try {
      await transport.send({
        messageId: mail.messageId,
        from: "Cairn <cairn@example.com>",
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
      });
      const [received] = await smtp.waitFor(1);
      expect(received!.envelopeTo).toEqual([berlin.email]);
      expect(received!.subject).toBe(mail.subject);
      expect(received!.headers.has("bcc")).toBe(false);
      const headerBlock = received!.raw.slice(0, received!.raw.indexOf("\r\n\r\n"));
      expect(headerBlock).not.toMatch(/^Bcc:/im);
      expect(received!.text).toContain("What progress did you make this week?");
      const { tags, text } = parseHtml(received!.html ?? "");
      expect(tags.filter((t) => t.name === "img")).toHaveLength(0);
      expect(text).toContain(`Objective ${XSS}`);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it("names the cycle that holds most of the person's key results", async () => {
    expect(cycleId).toBeTruthy();
    const [c] = await h.db.select().from(cycles).where(eq(cycles.id, cycleId));
    expect(mail.subject).toContain(c!.name.replace(/\r\n/, " ").replace(/\s+/g, " "));
  });
});

type Tag = { name: string; attribs: Record<string, string> };

function parseHtml(html: string): { tags: Tag[]; text: string } {
  const tags: Tag[] = [];
  let text = "";
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        tags.push({ name, attribs });
      },
      ontext(t) {
        text += t;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { tags, text: text.replace(/\s+/g, " ") };
}
