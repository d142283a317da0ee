/**
 * The outbox writer: every email Cairn sends is first a row in `email_outbox`. Until SMTP delivery
 * exists, admins read the rows at /admin/outbox; the later worker delivers PENDING/FAILED rows whose
 * `next_attempt_at` has come, keeping `message_id` across retries.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";

export const EMAIL_KINDS = ["SIGN_IN_LINK", "WEEKLY_CHECK_IN", "OFF_TRACK_ALERT", "RETROSPECTIVE"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

const emailInput = z.object({
  to: z.email().max(254),
  subject: z.string().trim().min(1).max(300),
  text: z.string().min(1),
  html: z.string().min(1),
  kind: z.enum(EMAIL_KINDS),
  dedupeKey: z.string().min(1).max(200).optional(),
});

export type EmailInput = z.input<typeof emailInput>;

/** Host part for Message-IDs: the public host of this Cairn. */
function messageIdHost(appUrl: string): string {
  try {
    return new URL(appUrl).hostname || "cairn.localhost";
  } catch {
    return "cairn.localhost";
  }
}

/**
 * Writes one message. With a `dedupeKey` that is already in the outbox, nothing new is written and
 * the existing row's id is returned (exactly-once enqueue).
 */
export async function enqueueEmail(
  db: Db,
  input: EmailInput,
  options: { now: Date; appUrl: string },
): Promise<EnqueuedEmail> {
  const [queued] = await enqueueEmails(db, [input], options);
  if (!queued) throw new Error("email_outbox: nothing enqueued for one message");
  return queued;
}

export type EnqueuedEmail = { id: string; messageId: string; created: boolean };

/**
 * Rows per INSERT: each row binds its two bodies as parameters of their own (no giant array string
 * in memory), the short columns travel as five arrays; PostgreSQL allows 65,535 parameters.
 */
const ROWS_PER_STATEMENT = 30_000;

/**
 * Writes many messages with one `INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING` (per
 * 30,000), plus one SELECT for the existing rows only if some dedupe keys were already there.
 * Answers in the order of `inputs`; `created` is false for a message whose dedupe key was already in
 * the outbox (or repeated earlier in `inputs`), with that row's id. Every input is validated first:
 * one bad message writes nothing.
 */
export async function enqueueEmails(
  db: Db,
  inputs: readonly EmailInput[],
  options: { now: Date; appUrl: string },
): Promise<EnqueuedEmail[]> {
  const emails = inputs.map((input) => emailInput.parse(input));
  const host = messageIdHost(options.appUrl);
  const messageIds = emails.map(() => `<${randomUUID()}@${host}>`);
  const now = options.now.toISOString();

  const created = new Map<string, string>();
  for (let start = 0; start < emails.length; start += ROWS_PER_STATEMENT) {
    const part = emails.slice(start, start + ROWS_PER_STATEMENT);
    const ids = messageIds.slice(start, start + ROWS_PER_STATEMENT);
    const rows = await queryRows<{ id: string; message_id: string }>(
      db,
      sql`INSERT INTO email_outbox (message_id, to_address, subject, kind, dedupe_key, text_body, html_body,
                                    next_attempt_at, created_at, updated_at)
          SELECT v.message_id, v.to_address, v.subject, v.kind, v.dedupe_key, v.text_body, v.html_body,
                 ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
          FROM unnest(${textArray(ids)}::text[], ${textArray(part.map((e) => e.to))}::text[],
                      ${textArray(part.map((e) => e.subject))}::text[], ${textArray(part.map((e) => e.kind))}::text[],
                      ${textArray(part.map((e) => e.dedupeKey ?? null))}::text[],
                      ARRAY[${sql.join(
                        part.map((e) => sql`${e.text}`),
                        sql`, `,
                      )}]::text[],
                      ARRAY[${sql.join(
                        part.map((e) => sql`${e.html}`),
                        sql`, `,
                      )}]::text[])
               AS v(message_id, to_address, subject, kind, dedupe_key, text_body, html_body)
          ON CONFLICT (dedupe_key) DO NOTHING
          RETURNING id, message_id`,
    );
    for (const r of rows) created.set(r.message_id, r.id);
  }

  const skippedKeys = emails.flatMap((e, i) => (created.has(messageIds[i]!) ? [] : [e.dedupeKey ?? ""]));
  const existing = new Map<string, { id: string; messageId: string }>();
  if (skippedKeys.length > 0) {
    const rows = await queryRows<{ id: string; message_id: string; dedupe_key: string }>(
      db,
      sql`SELECT id, message_id, dedupe_key FROM email_outbox
          WHERE dedupe_key = ANY(${textArray([...new Set(skippedKeys)])}::text[])`,
    );
    for (const r of rows) existing.set(r.dedupe_key, { id: r.id, messageId: r.message_id });
  }

  return emails.map((e, i) => {
    const messageId = messageIds[i]!;
    const id = created.get(messageId);
    if (id) return { id, messageId, created: true };
    const row = existing.get(e.dedupeKey ?? "");
    if (!row) throw new Error("email_outbox: insert skipped but no row with that dedupe key");
    return { ...row, created: false };
  });
}

/** A PostgreSQL text[] literal for one bound parameter (each element quoted and escaped; null is NULL). */
function textArray(values: readonly (string | null)[]): string {
  const items = values.map((v) =>
    v === null ? "NULL" : `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`,
  );
  return `{${items.join(",")}}`;
}
