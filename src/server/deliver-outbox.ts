/**
 * Outbox delivery: claims due rows of `email_outbox` and sends each through a MailTransport.
 *
 * Claiming is one statement — `UPDATE … SET locked_until = now + lock WHERE id IN (SELECT … FOR
 * UPDATE SKIP LOCKED LIMIT n) RETURNING …` — so on PostgreSQL several workers share the outbox and
 * no row is handed to two of them. (On PGlite there is one session and one process, so there is
 * nothing to share.) Every mark afterwards names the claim (`locked_until`), so a worker whose
 * claim lapsed cannot overwrite the row another worker claimed since.
 *
 * Outcomes:
 * - sent: SENT, sent_at, last_response (the server's answer), attempts + 1;
 * - rejected by the server (e.g. 451, 550): FAILED, attempts + 1, last_error, next attempt after an
 *   exponential backoff (1, 2, 4 … minutes, at most 1 hour); DEAD once attempts reach `maxAttempts`;
 * - service unreachable (connection refused, timeout, 421, bad credentials): the same FAILED with
 *   backoff for this row and the rest of the claim, without trying them, and never DEAD — an outage
 *   delays mail, it never loses it.
 *
 * The claim is a short lease (`lockSeconds`, default 30 s) that the run renews every third of it
 * while it works (one UPDATE of the rows it still holds), so a slow server never lets a live run's
 * claim lapse, and the rows of a run that died (SIGKILL, power loss) come due again half a minute
 * later instead of after minutes. A run stops sending after `maxRunSeconds` and hands the rest back.
 *
 * A crash between sending and marking leaves the row claimed; when the claim lapses the row is sent
 * again with the same Message-ID, so the duplicate is recognisable (and Resend drops it). That one
 * message (the one in flight) is the only possible duplicate: delivery is at-least-once.
 */
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { type MailTransport, TransportError } from "@/email/transport";

export const DELIVERY_DEFAULTS = {
  batchSize: 20,
  maxAttempts: 8,
  /** How long a claim holds unless renewed; a live run renews it every third of this. */
  lockSeconds: 30,
  /** A run stops sending after this long and hands the rest of its claim back. */
  maxRunSeconds: 200,
  /** Upper bound of messages one run sends, so a run ends and the next one picks up. */
  maxMessages: 500,
  baseDelayMs: 60_000,
  maxDelayMs: 3_600_000,
} as const;

/** Wait before the next attempt, after `attempts` failed ones: 1, 2, 4, 8 … minutes, capped. */
export function backoffDelayMs(
  attempts: number,
  options: { baseDelayMs?: number; maxDelayMs?: number } = {},
): number {
  const base = options.baseDelayMs ?? DELIVERY_DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? DELIVERY_DEFAULTS.maxDelayMs;
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(base * 2 ** exponent, max);
}

const inputSchema = z.object({
  now: z.date(),
  from: z.string().trim().min(3),
  batchSize: z.number().int().min(1).max(500).default(DELIVERY_DEFAULTS.batchSize),
  maxAttempts: z.number().int().min(1).max(50).default(DELIVERY_DEFAULTS.maxAttempts),
  lockSeconds: z.number().int().min(3).max(3600).default(DELIVERY_DEFAULTS.lockSeconds),
  maxRunSeconds: z.number().int().min(1).max(3600).default(DELIVERY_DEFAULTS.maxRunSeconds),
  maxMessages: z.number().int().min(1).max(100_000).default(DELIVERY_DEFAULTS.maxMessages),
});

export type DeliverOutboxInput = z.input<typeof inputSchema> & { transport: MailTransport };

export type DeliverOutboxResult = {
  claimed: number;
  sent: number;
  /** Now FAILED, waiting for their next attempt. */
  failed: number;
  /** Now DEAD. */
  dead: number;
  /** Claimed but handed back untried (the run reached maxRunSeconds, or lost its claim). */
  released: number;
  /** The service could not be reached; the run stopped there. */
  unreachable: boolean;
};

type ClaimedRow = {
  id: string;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
};

async function claim(db: Db, now: Date, lockedUntil: Date, limit: number): Promise<ClaimedRow[]> {
  return queryRows<ClaimedRow>(
    db,
    sql`UPDATE email_outbox
        SET locked_until = ${lockedUntil.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
        WHERE id IN (
          SELECT id FROM email_outbox
          WHERE status IN ('PENDING', 'FAILED')
            AND next_attempt_at <= ${now.toISOString()}::timestamptz
            AND (locked_until IS NULL OR locked_until <= ${now.toISOString()}::timestamptz)
          ORDER BY next_attempt_at, created_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id, message_id, to_address, subject, text_body, html_body, attempts`,
  );
}

/** Updates a row this run still holds (its claim is `lockedUntil`). */
async function mark(db: Db, id: string, lockedUntil: Date, set: SQL): Promise<void> {
  await db.execute(
    sql`UPDATE email_outbox SET ${set}
        WHERE id = ${id} AND locked_until = ${lockedUntil.toISOString()}::timestamptz`,
  );
}

/** Moves the claim of the rows still held from `from` to `to`; returns the ids still held. */
async function renew(db: Db, ids: string[], from: Date, to: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE email_outbox SET locked_until = ${to.toISOString()}::timestamptz
        WHERE id = ANY(${`{${ids.join(",")}}`}::uuid[]) AND locked_until = ${from.toISOString()}::timestamptz
        RETURNING id`,
  );
  return new Set(rows.map((r) => r.id));
}

export async function deliverOutbox(db: Db, input: DeliverOutboxInput): Promise<DeliverOutboxResult> {
  const { transport } = input;
  const o = inputSchema.parse(input);
  const nowIso = o.now.toISOString();
  const lockMs = o.lockSeconds * 1000;
  const result: DeliverOutboxResult = {
    claimed: 0,
    sent: 0,
    failed: 0,
    dead: 0,
    released: 0,
    unreachable: false,
  };
  // Elapsed time (not wall time) moves the claim on from `now`, so a caller's clock (tests pass a
  // simulated one) stays the one time base of every claim.
  const started = performance.now();
  const at = () => new Date(o.now.getTime() + Math.round(performance.now() - started));
  const timeUp = () => performance.now() - started > o.maxRunSeconds * 1000;
  let unreachableMessage = "";

  // The claim: the rows this run holds and their locked_until. Every statement naming the claim runs
  // through `serial`, so a renewal never moves the claim under a mark that is on its way.
  let lockedUntil = new Date(o.now.getTime() + lockMs);
  let held = new Set<string>();
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };
  const markHeld = (id: string, set: SQL) =>
    serial(async () => {
      if (!held.has(id)) return false;
      await mark(db, id, lockedUntil, set);
      held.delete(id);
      return true;
    });
  const renewal = setInterval(() => {
    void serial(async () => {
      const next = new Date(Math.max(at().getTime() + lockMs, lockedUntil.getTime() + 1));
      held = await renew(db, [...held], lockedUntil, next);
      lockedUntil = next;
    }).catch((e: unknown) => {
      // The claim may lapse; at worst a row in flight is sent again with its Message-ID.
      console.error(`[outbox] could not renew the claim: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, lockMs / 3);
  renewal.unref?.();

  const fail = async (row: ClaimedRow, error: TransportError) => {
    const attempts = row.attempts + 1;
    const dead = error.kind === "rejected" && attempts >= o.maxAttempts;
    const next = new Date(o.now.getTime() + backoffDelayMs(attempts));
    const marked = await markHeld(
      row.id,
      dead
        ? sql`status = 'DEAD', attempts = ${attempts}, last_error = ${error.message}, locked_until = NULL,
              updated_at = ${nowIso}::timestamptz`
        : sql`status = 'FAILED', attempts = ${attempts}, last_error = ${error.message}, locked_until = NULL,
              next_attempt_at = ${next.toISOString()}::timestamptz, updated_at = ${nowIso}::timestamptz`,
    );
    if (!marked) result.released += 1;
    else if (dead) result.dead += 1;
    else result.failed += 1;
  };

  try {
    while (result.claimed < o.maxMessages && !result.unreachable && !timeUp()) {
      const limit = Math.min(o.batchSize, o.maxMessages - result.claimed);
      const rows = await serial(async () => {
        const claimed = await claim(db, o.now, lockedUntil, limit);
        for (const r of claimed) held.add(r.id);
        return claimed;
      });
      result.claimed += rows.length;
      for (const row of rows) {
        if (result.unreachable) {
          await fail(row, new TransportError(`Not tried: ${unreachableMessage}`, "unreachable"));
          continue;
        }
        if (timeUp() || !held.has(row.id)) {
          await markHeld(row.id, sql`locked_until = NULL, updated_at = ${nowIso}::timestamptz`);
          result.released += 1;
          continue;
        }
        try {
          const sent = await transport.send({
            messageId: row.message_id,
            from: o.from,
            to: row.to_address,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body,
          });
          await markHeld(
            row.id,
            sql`status = 'SENT', sent_at = ${nowIso}::timestamptz, attempts = ${row.attempts + 1},
                last_response = ${sent.response.slice(0, 1000)}, last_error = NULL, locked_until = NULL,
                updated_at = ${nowIso}::timestamptz`,
          );
          result.sent += 1;
        } catch (e) {
          const error =
            e instanceof TransportError
              ? e
              : new TransportError(e instanceof Error ? e.message : String(e), "rejected");
          await fail(row, error);
          if (error.kind === "unreachable") {
            result.unreachable = true;
            unreachableMessage = error.message;
          }
        }
      }
      if (rows.length < limit) break;
    }
  } finally {
    clearInterval(renewal);
    await chain;
  }
  return result;
}
