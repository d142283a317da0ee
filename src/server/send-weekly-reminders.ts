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
 * Set-based, with a fixed number of statements: one query reads all candidates with all their key
 * results (grouped in memory); emails are rendered before the transaction (the React template's
 * compiled parts filled in, src/email/compile.ts: ~0.1 ms each); then one transaction per chunk of
 * up to 10,000 people writes, in order, reminder_sends + check_in_tokens (one statement: the
 * reminder_sends rows it inserts are the winners, and only they get a token), the winners' outbox
 * emails (one multi-row insert through `enqueueEmails`, the outbox's single writer) and the
 * reminder_sends→outbox links (one UPDATE). So a sweep is 2 statements plus 5 per chunk (BEGIN and
 * COMMIT included) — 7 for any organisation with up to 10,000 people due at once. The chunk bounds
 * the memory (the rendered emails of one chunk, ~20 kB each) and the size of one statement; a sweep
 * that dies half-way loses at most one chunk's writes, which the next hourly sweep of the same
 * local day redoes (nothing is ever sent twice).
 */
import { type SQL, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { cycleWeek, isoWeek, type KrKind, type KrStatus } from "@/domain";
import { enqueueEmails } from "@/email/outbox";
import { type EmailHtmlRenderer, emailHtmlRenderer } from "@/email/render";
import {
  type WeeklyEmailData,
  type WeeklyEmailObjective,
  weeklyCheckInEmail,
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

/**
 * People per transaction. Large, so that the statement count does not grow with the organisation
 * up to this size; bounded, so that memory (one chunk's rendered emails) and one INSERT stay bounded.
 */
const CHUNK = 10_000;

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

  // A person's local weekday, hour and week depend only on their time zone: once per zone.
  const zones = new Map<string, Zone | null>();
  const zoneOf = (timeZone: string) => {
    let z = zones.get(timeZone);
    if (z === undefined) {
      z = zoneAt(now, timeZone);
      zones.set(timeZone, z);
    }
    return z;
  };
  const due: { person: Person; zone: Zone }[] = [];
  for (const person of people.values()) {
    const zone = zoneOf(person.timeZone);
    if (!zone) continue; // an unknown time zone: skipped (counted), never guessed
    if (zone.weekday !== settings.reminderWeekday || zone.hour < settings.reminderHour) continue;
    if (person.sentKeys.includes(zone.weekKey)) continue;
    due.push({ person, zone });
  }

  const render = due.length > 0 ? await emailHtmlRenderer() : null;
  const weeks = new Map<string, { week: number; totalWeeks: number }>();
  const ctx = { now, appUrl, orgTimeZone: settings.timeZone, orgName: settings.name, weeks };
  let sent = 0;
  for (let i = 0; i < due.length; i += CHUNK) {
    const chunk = due.slice(i, i + CHUNK).map(({ person, zone }) => prepare(render!, person, zone, ctx));
    sent += await sendChunk(db, chunk, { now, appUrl });
  }
  return { sent, skipped: people.size - sent };
}

function prepare(
  render: EmailHtmlRenderer,
  person: Person,
  zone: Zone,
  ctx: Omit<EmailContext, "token" | "zone">,
): Prepared {
  const { token, hash } = newCheckInLinkToken();
  const data = emailData(person, { ...ctx, token, zone });
  return {
    userId: person.id,
    email: person.email,
    weekKey: zone.weekKey,
    tokenHash: hash,
    mail: weeklyCheckInEmail(render, data),
  };
}

/** A PostgreSQL array literal for one bound parameter (uuids, week keys, hashes: nothing to escape). */
const list = (values: string[]): string => `{${values.join(",")}}`;

/** One transaction, three statements whatever the chunk's size: claim + tokens, emails, links. */
async function sendChunk(db: Db, chunk: Prepared[], options: { now: Date; appUrl: string }): Promise<number> {
  const { now } = options;
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + CHECK_IN_LINK_TTL_MS).toISOString();
  return inTransaction(db, async (tx) => {
    // Only the reminder_sends rows this statement inserts are ours to send, and only they get a
    // token; a concurrent sweep waits on the keys and skips them. Rows go in user-id order (the
    // candidates query's), so two sweeps never wait on each other crosswise.
    const won = await queryRows<{ user_id: string; week_key: string }>(
      tx,
      sql`WITH input AS (
            SELECT * FROM unnest(${list(chunk.map((p) => p.userId))}::uuid[],
                                 ${list(chunk.map((p) => p.weekKey))}::text[],
                                 ${list(chunk.map((p) => p.tokenHash))}::text[])
                     WITH ORDINALITY AS i(user_id, week_key, token_hash, n)
          ),
          won AS (
            INSERT INTO reminder_sends (user_id, week_key, created_at)
            SELECT user_id, week_key, ${nowIso}::timestamptz FROM input ORDER BY n
            ON CONFLICT DO NOTHING
            RETURNING user_id, week_key
          )
          INSERT INTO check_in_tokens (token_hash, user_id, week_key, expires_at, created_at)
          SELECT input.token_hash, input.user_id, input.week_key, ${expiresAt}::timestamptz, ${nowIso}::timestamptz
          FROM won JOIN input USING (user_id, week_key)
          ORDER BY input.n
          RETURNING user_id, week_key`,
    );
    const mine = new Set(won.map((w) => `${w.user_id}|${w.week_key}`));
    const winners = chunk.filter((p) => mine.has(`${p.userId}|${p.weekKey}`));
    if (winners.length === 0) return 0;

    const queued = await enqueueEmails(
      tx,
      winners.map((p) => ({
        to: p.email,
        kind: "WEEKLY_CHECK_IN" as const,
        dedupeKey: `weekly:${p.userId}:${p.weekKey}`,
        ...p.mail,
      })),
      options,
    );
    await tx.execute(linkOutbox(winners, queued));
    return winners.length;
  });
}

function linkOutbox(winners: Prepared[], queued: { id: string }[]): SQL {
  return sql`
    UPDATE reminder_sends AS r SET outbox_id = v.outbox_id
    FROM unnest(${list(winners.map((p) => p.userId))}::uuid[], ${list(winners.map((p) => p.weekKey))}::text[],
                ${list(queued.map((q) => q.id))}::uuid[]) AS v(user_id, week_key, outbox_id)
    WHERE r.user_id = v.user_id AND r.week_key = v.week_key`;
}

type Zone = {
  timeZone: string;
  weekday: number;
  hour: number;
  weekKey: string;
  /** The local ISO week of `now` as instants: [start, end). */
  weekStart: number;
  weekEnd: number;
  /** Short local weekday names ("Tue"). */
  weekdayName: Intl.DateTimeFormat;
};

/** Local weekday, hour and ISO week of `now` in `timeZone`; null for an unknown time zone. */
function zoneAt(now: Date, timeZone: string): Zone | null {
  try {
    const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
    const monday = local.toPlainDate().subtract({ days: local.dayOfWeek - 1 });
    return {
      timeZone,
      weekday: local.dayOfWeek,
      hour: local.hour,
      weekKey: isoWeek(now, timeZone).key,
      weekStart: monday.toZonedDateTime({ timeZone }).epochMilliseconds,
      weekEnd: monday.add({ days: 7 }).toZonedDateTime({ timeZone }).epochMilliseconds,
      weekdayName: new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone }),
    };
  } catch {
    return null;
  }
}

type EmailContext = {
  now: Date;
  token: string;
  zone: Zone;
  appUrl: string;
  orgTimeZone: string;
  orgName: string;
  /** Cycle weeks, once per cycle. */
  weeks: Map<string, { week: number; totalWeeks: number }>;
};

function emailData(person: Person, ctx: EmailContext): WeeklyEmailData {
  const { zone } = ctx;
  // The most relevant cycle: the one holding most of the person's key results (then the one ending first).
  const perCycle = new Map<string, { row: Row; count: number }>();
  for (const r of person.rows) {
    const c = perCycle.get(r.cycle_id);
    if (c) c.count += 1;
    else perCycle.set(r.cycle_id, { row: r, count: 1 });
  }
  const ranked = [...perCycle.values()].sort((a, b) => b.count - a.count);
  const top = ranked[0]!.row;
  let week = ctx.weeks.get(top.cycle_id);
  if (!week) {
    week = cycleWeek(
      { startDate: top.start_date, endDate: top.end_date, timeZone: ctx.orgTimeZone },
      ctx.now,
    );
    ctx.weeks.set(top.cycle_id, week);
  }

  const objectives: WeeklyEmailObjective[] = [];
  const byId = new Map<string, WeeklyEmailObjective>();
  for (const r of person.rows) {
    let o = byId.get(r.objective_id);
    if (!o) {
      o = { id: r.objective_id, title: r.objective_title, cycleName: r.cycle_name, keyResults: [] };
      byId.set(r.objective_id, o);
      objectives.push(o);
    }
    // Checked in during this local ISO week: the same as isoWeek(last, timeZone).key === weekKey.
    const last = r.last_check_in_at ? Date.parse(r.last_check_in_at) : Number.NaN;
    const thisWeek = last >= zone.weekStart && last < zone.weekEnd;
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
      updatedOn: thisWeek ? zone.weekdayName.format(last) : null,
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
