/**
 * The weekly check-in sweep (run hourly by the job engine, or `npm run sweep`).
 *
 * Who: every ACTIVE person who owns at least one open key result (not COMPLETED or DROPPED, its
 * objective not archived) in an ACTIVE cycle. People with nothing to update get nothing.
 * When: in the person's own time zone it is the organisation's reminder weekday and the local hour
 * is at or past the reminder hour — so someone whose hour was missed (server down, sweep late) still
 * gets that week's email when a sweep runs later the same local day, never on the next day.
 * How often: once per person per ISO week (of their time zone). The reminder_sends primary key
 * (user_id, week_key) decides: in one transaction we insert the rows with ON CONFLICT DO NOTHING,
 * and only the rows this transaction inserted get a token and an outbox email (dedupe key
 * `weekly:<userId>:<weekKey>` as a second guard). Two sweeps at once, on several instances, or a
 * sweep that restarts half-way, therefore send each email exactly once.
 *
 * Set-based: one query reads all candidates with all their key results (grouped in memory); emails
 * are rendered before the transaction; each transaction (up to 100 people) writes reminder_sends,
 * check_in_tokens and the reminder_sends→outbox links in one statement each, plus one outbox insert
 * per email (enqueueEmail, the outbox's single writer).
 */
import { sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { Db } from "@/db/client";
import { checkInTokens, reminderSends } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { cycleWeek, isoWeek, type KrKind, type KrStatus } from "@/domain";
import { enqueueEmail } from "@/email/outbox";
import {
  renderWeeklyCheckInEmail,
  type WeeklyEmailData,
  type WeeklyEmailObjective,
} from "@/email/templates/weekly-check-in";
import { env } from "@/env";
import {
  CHECK_IN_LINK_TTL_DAYS,
  CHECK_IN_LINK_TTL_MS,
  checkInLinkUrl,
  newCheckInLinkToken,
} from "./check-in-link";
import { getOrgSettings } from "./get-org-settings";
import { parseInput } from "./inputs";
import { inTransaction } from "./support";

/** People per transaction: short transactions, and a restart loses at most one batch's work (none is sent twice). */
const BATCH = 100;

type Row = {
  user_id: string;
  email: string;
  name: string;
  time_zone: string;
  sent_keys: string[];
  id: string;
  title: string;
  kind: KrKind;
  current_value: number;
  target_value: number;
  unit: string;
  status: KrStatus;
  status_reason: string;
  progress: number;
  expected_progress: number;
  stale: boolean;
  last_check_in_at: string | null;
  objective_id: string;
  objective_title: string;
  cycle_id: string;
  cycle_name: string;
  start_date: string;
  end_date: string;
};

type Person = { id: string; email: string; name: string; timeZone: string; sentKeys: string[]; rows: Row[] };

type Prepared = {
  userId: string;
  email: string;
  weekKey: string;
  tokenHash: string;
  mail: { subject: string; html: string; text: string };
};

const inputSchema = z.object({ now: z.date().refine((d) => Number.isFinite(d.getTime()), "Invalid date.") });

export async function sendWeeklyReminders(
  db: Db,
  input: { now: Date },
): Promise<{ sent: number; skipped: number }> {
  const { now } = parseInput(inputSchema, input);
  const settings = await getOrgSettings(db);
  const appUrl = env().appUrl;
  // Whatever a person's time zone, their local date lies between UTC−12 and UTC+14: their ISO week
  // key is one of these, so the query only needs to look at these keys in reminder_sends.
  const keys = [...new Set(["Etc/GMT+12", "UTC", "Etc/GMT-14"].map((tz) => isoWeek(now, tz).key))];

  const rows = await queryRows<Row>(
    db,
    sql`SELECT u.id AS user_id, u.email, u.name, u.time_zone,
               array(SELECT r.week_key FROM reminder_sends r
                     WHERE r.user_id = u.id AND r.week_key = ANY(${`{${keys.join(",")}}`}::text[])) AS sent_keys,
               k.id, k.title, k.kind, k.current_value, k.target_value, k.unit, k.status, k.status_reason,
               k.progress, k.expected_progress, k.stale,
               to_char(k.last_check_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_check_in_at,
               o.id AS objective_id, o.title AS objective_title,
               c.id AS cycle_id, c.name AS cycle_name, c.start_date::text AS start_date, c.end_date::text AS end_date
        FROM users u
        JOIN key_results k ON k.owner_user_id = u.id
        JOIN objectives o ON o.id = k.objective_id
        JOIN cycles c ON c.id = o.cycle_id
        WHERE u.active AND c.status = 'ACTIVE' AND NOT o.archived AND k.status NOT IN ('COMPLETED', 'DROPPED')
        ORDER BY u.id, c.end_date, c.id, o.created_at, o.id, k.created_at, k.id`,
  );

  const people = new Map<string, Person>();
  for (const r of rows) {
    let person = people.get(r.user_id);
    if (!person) {
      person = {
        id: r.user_id,
        email: r.email,
        name: r.name,
        timeZone: r.time_zone,
        sentKeys: r.sent_keys,
        rows: [],
      };
      people.set(r.user_id, person);
    }
    person.rows.push(r);
  }

  const due: Prepared[] = [];
  for (const person of people.values()) {
    const local = localTime(now, person.timeZone);
    if (!local) continue; // an unknown time zone: skipped (counted), never guessed
    if (local.weekday !== settings.reminderWeekday || local.hour < settings.reminderHour) continue;
    const weekKey = isoWeek(now, person.timeZone).key;
    if (person.sentKeys.includes(weekKey)) continue;
    const { token, hash } = newCheckInLinkToken();
    const data = emailData(person, {
      now,
      weekKey,
      token,
      appUrl,
      orgTimeZone: settings.timeZone,
      orgName: settings.name,
    });
    due.push({
      userId: person.id,
      email: person.email,
      weekKey,
      tokenHash: hash,
      mail: await renderWeeklyCheckInEmail(data),
    });
  }

  let sent = 0;
  for (let i = 0; i < due.length; i += BATCH) {
    sent += await sendBatch(db, due.slice(i, i + BATCH), { now, appUrl });
  }
  return { sent, skipped: people.size - sent };
}

async function sendBatch(db: Db, batch: Prepared[], options: { now: Date; appUrl: string }): Promise<number> {
  const { now } = options;
  return inTransaction(db, async (tx) => {
    // Only the rows this transaction inserts are ours to send; a concurrent sweep waits on the key and skips it.
    const won = await tx
      .insert(reminderSends)
      .values(batch.map((p) => ({ userId: p.userId, weekKey: p.weekKey, createdAt: now })))
      .onConflictDoNothing()
      .returning({ userId: reminderSends.userId, weekKey: reminderSends.weekKey });
    const mine = new Set(won.map((w) => `${w.userId}|${w.weekKey}`));
    const winners = batch.filter((p) => mine.has(`${p.userId}|${p.weekKey}`));
    if (winners.length === 0) return 0;

    const expiresAt = new Date(now.getTime() + CHECK_IN_LINK_TTL_MS);
    await tx.insert(checkInTokens).values(
      winners.map((p) => ({
        tokenHash: p.tokenHash,
        userId: p.userId,
        weekKey: p.weekKey,
        expiresAt,
        createdAt: now,
      })),
    );
    const links: { user_id: string; week_key: string; outbox_id: string }[] = [];
    for (const p of winners) {
      const queued = await enqueueEmail(
        tx,
        {
          to: p.email,
          kind: "WEEKLY_CHECK_IN",
          dedupeKey: `weekly:${p.userId}:${p.weekKey}`,
          ...p.mail,
        },
        options,
      );
      links.push({ user_id: p.userId, week_key: p.weekKey, outbox_id: queued.id });
    }
    await tx.execute(sql`
      UPDATE reminder_sends AS r SET outbox_id = v.outbox_id
      FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS v(user_id uuid, week_key text, outbox_id uuid)
      WHERE r.user_id = v.user_id AND r.week_key = v.week_key`);
    return winners.length;
  });
}

function localTime(now: Date, timeZone: string): { weekday: number; hour: number } | null {
  try {
    const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
    return { weekday: local.dayOfWeek, hour: local.hour };
  } catch {
    return null;
  }
}

function emailData(
  person: Person,
  ctx: { now: Date; weekKey: string; token: string; appUrl: string; orgTimeZone: string; orgName: string },
): WeeklyEmailData {
  const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: person.timeZone });
  // The most relevant cycle: the one holding most of the person's key results (then the one ending first).
  const perCycle = new Map<string, { row: Row; count: number }>();
  for (const r of person.rows) {
    const c = perCycle.get(r.cycle_id);
    if (c) c.count += 1;
    else perCycle.set(r.cycle_id, { row: r, count: 1 });
  }
  const ranked = [...perCycle.values()].sort((a, b) => b.count - a.count);
  const top = ranked[0]!.row;
  const week = cycleWeek(
    { startDate: top.start_date, endDate: top.end_date, timeZone: ctx.orgTimeZone },
    ctx.now,
  );

  const objectives: WeeklyEmailObjective[] = [];
  const byId = new Map<string, WeeklyEmailObjective>();
  for (const r of person.rows) {
    let o = byId.get(r.objective_id);
    if (!o) {
      o = { id: r.objective_id, title: r.objective_title, cycleName: r.cycle_name, keyResults: [] };
      byId.set(r.objective_id, o);
      objectives.push(o);
    }
    const last = r.last_check_in_at ? new Date(r.last_check_in_at) : null;
    o.keyResults.push({
      id: r.id,
      title: r.title,
      kind: r.kind,
      currentValue: r.current_value,
      targetValue: r.target_value,
      unit: r.unit,
      status: r.status,
      statusReason: r.status_reason,
      progress: r.progress,
      expectedProgress: r.expected_progress,
      stale: r.stale,
      updatedOn: last && isoWeek(last, person.timeZone).key === ctx.weekKey ? weekday.format(last) : null,
      url: checkInLinkUrl(ctx.appUrl, ctx.token, r.id),
    });
  }
  return {
    recipientName: person.name,
    organisationName: ctx.orgName,
    cycle: { name: top.cycle_name, week: week.week, totalWeeks: week.totalWeeks },
    moreCycles: ranked.length - 1,
    objectives,
    allUrl: checkInLinkUrl(ctx.appUrl, ctx.token),
    myOkrsUrl: new URL("/my", `${ctx.appUrl}/`).toString(),
    linkValidDays: CHECK_IN_LINK_TTL_DAYS,
  };
}
