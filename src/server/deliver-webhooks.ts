/**
 * Webhook delivery: claims due rows of `webhook_deliveries` and POSTs each, signed, to its webhook.
 * The approach of deliver-outbox.ts:
 *
 * - Claiming is one statement — `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)` —
 *   so on PostgreSQL several workers share the log and no row goes to two of them. The claim is a
 *   lease written into `next_attempt_at` (now + lock): a worker that dies mid-run leaves the row
 *   due again when the lease lapses, and every mark names the lease (`AND next_attempt_at = lease`)
 *   so a worker whose lease lapsed cannot overwrite a newer claim.
 * - 2xx: DELIVERED, delivered_at, last_status_code, attempts + 1.
 * - Anything else (non-2xx including redirects, which are not followed; timeouts; refused
 *   connections): FAILED, attempts + 1, last_status_code / last_error, next attempt after an
 *   exponential backoff (1, 2, 4 … minutes, at most 1 hour); DEAD once attempts reach `maxAttempts`.
 * - Rows of inactive webhooks are not claimed; they wait (and go out if the webhook is reactivated).
 *
 * Body: `{ id, event, createdAt, data }` — the same bytes on every attempt; the signature's
 * timestamp is the attempt's. Headers: Cairn-Signature, Cairn-Event, Cairn-Delivery. At least once:
 * a crash between the POST and the mark sends the same delivery id again, so receivers dedupe on it.
 */
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { backoffDelayMs } from "./deliver-outbox";
import { parseInput } from "./inputs";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhookPayload } from "./webhook-signature";

export const WEBHOOK_DELIVERY_DEFAULTS = {
  batchSize: 20,
  maxAttempts: 10,
  lockSeconds: 300,
  maxDeliveries: 500,
  timeoutMs: 10_000,
} as const;

const inputSchema = z.object({
  now: z.date().refine((d) => Number.isFinite(d.getTime()), "Invalid date."),
  batchSize: z.number().int().min(1).max(500).default(WEBHOOK_DELIVERY_DEFAULTS.batchSize),
  maxAttempts: z.number().int().min(1).max(50).default(WEBHOOK_DELIVERY_DEFAULTS.maxAttempts),
  lockSeconds: z.number().int().min(10).max(3600).default(WEBHOOK_DELIVERY_DEFAULTS.lockSeconds),
  maxDeliveries: z.number().int().min(1).max(100_000).default(WEBHOOK_DELIVERY_DEFAULTS.maxDeliveries),
  timeoutMs: z.number().int().min(100).max(60_000).default(WEBHOOK_DELIVERY_DEFAULTS.timeoutMs),
});

export type DeliverWebhooksInput = z.input<typeof inputSchema> & { fetchImpl?: typeof fetch };

export type DeliverWebhooksResult = {
  claimed: number;
  delivered: number;
  /** Now FAILED, waiting for their next attempt. */
  failed: number;
  /** Now DEAD. */
  dead: number;
  /** Claimed but handed back untried (the lease was about to lapse). */
  released: number;
};

type ClaimedRow = {
  id: string;
  event: string;
  payload: unknown;
  attempts: number;
  created_at: string;
  url: string;
  secret: string;
};

async function claim(db: Db, now: Date, lease: Date, limit: number): Promise<ClaimedRow[]> {
  return queryRows<ClaimedRow>(
    db,
    sql`UPDATE webhook_deliveries d SET next_attempt_at = ${lease.toISOString()}::timestamptz
        FROM webhooks w
        WHERE w.id = d.webhook_id AND d.id IN (
          SELECT d2.id FROM webhook_deliveries d2 JOIN webhooks w2 ON w2.id = d2.webhook_id
          WHERE d2.status IN ('PENDING', 'FAILED') AND w2.active
            AND d2.next_attempt_at <= ${now.toISOString()}::timestamptz
          ORDER BY d2.next_attempt_at, d2.created_at, d2.id
          LIMIT ${limit}
          FOR UPDATE OF d2 SKIP LOCKED
        )
        RETURNING d.id, d.event, d.payload, d.attempts,
          to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
          w.url, w.secret`,
  );
}

async function mark(db: Db, id: string, lease: Date, set: SQL): Promise<void> {
  await db.execute(
    sql`UPDATE webhook_deliveries SET ${set}
        WHERE id = ${id}::uuid AND status IN ('PENDING', 'FAILED')
          AND next_attempt_at = ${lease.toISOString()}::timestamptz`,
  );
}

/** The exact body sent for a delivery (the same on every attempt). */
export function webhookBody(row: { id: string; event: string; createdAt: string; data: unknown }): string {
  return JSON.stringify({ id: row.id, event: row.event, createdAt: row.createdAt, data: row.data });
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(
  fetchImpl: typeof fetch,
  row: ClaimedRow,
  now: Date,
  timeoutMs: number,
): Promise<Outcome> {
  const body = webhookBody({ id: row.id, event: row.event, createdAt: row.created_at, data: row.payload });
  try {
    const res = await fetchImpl(row.url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "Cairn-Webhooks/1",
        [SIGNATURE_HEADER]: signWebhookPayload(row.secret, body, now),
        [EVENT_HEADER]: row.event,
        [DELIVERY_HEADER]: row.id,
      },
    });
    let text = "";
    try {
      text = (await res.text()).slice(0, 300);
    } catch {
      // The answer's status is what counts; an unreadable body changes nothing.
    }
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const reason = res.status >= 300 && res.status < 400 ? " (redirects are not followed)" : "";
    return {
      ok: false,
      status: res.status,
      error: `HTTP ${res.status}${reason}${text.trim() ? `: ${text.trim()}` : ""}`,
    };
  } catch (e) {
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const message =
      err.name === "TimeoutError" || err.name === "AbortError"
        ? `Timed out after ${timeoutMs} ms`
        : [err.message, err.cause?.code ?? err.cause?.message].filter(Boolean).join(": ");
    return { ok: false, status: null, error: message || String(e) };
  }
}

export async function deliverWebhooks(db: Db, input: DeliverWebhooksInput): Promise<DeliverWebhooksResult> {
  const fetchImpl = input.fetchImpl ?? globalThis.fetch;
  const { fetchImpl: _, ...raw } = input;
  const o = parseInput(inputSchema, raw);
  const nowIso = o.now.toISOString();
  const lockMs = o.lockSeconds * 1000;
  const lease = new Date(o.now.getTime() + lockMs);
  const result: DeliverWebhooksResult = { claimed: 0, delivered: 0, failed: 0, dead: 0, released: 0 };
  // Elapsed time decides when to stop: each POST is bounded by the timeout, so stopping with a
  // third of the lease left keeps every POST inside it.
  const started = performance.now();
  const leaseRunningOut = () => performance.now() - started > (lockMs * 2) / 3;

  while (result.claimed < o.maxDeliveries && !leaseRunningOut()) {
    const limit = Math.min(o.batchSize, o.maxDeliveries - result.claimed);
    const rows = await claim(db, o.now, lease, limit);
    result.claimed += rows.length;
    for (const row of rows) {
      if (leaseRunningOut()) {
        await mark(db, row.id, lease, sql`next_attempt_at = ${nowIso}::timestamptz`);
        result.released += 1;
        continue;
      }
      const outcome = await post(fetchImpl, row, o.now, o.timeoutMs);
      const attempts = row.attempts + 1;
      if (outcome.ok) {
        await mark(
          db,
          row.id,
          lease,
          sql`status = 'DELIVERED', attempts = ${attempts}, last_status_code = ${outcome.status},
              last_error = NULL, delivered_at = ${nowIso}::timestamptz, next_attempt_at = ${nowIso}::timestamptz`,
        );
        result.delivered += 1;
        continue;
      }
      const dead = attempts >= o.maxAttempts;
      const next = new Date(o.now.getTime() + backoffDelayMs(attempts));
      await mark(
        db,
        row.id,
        lease,
        sql`status = ${dead ? "DEAD" : "FAILED"}::webhook_delivery_status, attempts = ${attempts},
            last_status_code = ${outcome.status}, last_error = ${outcome.error.slice(0, 1000)},
            next_attempt_at = ${(dead ? o.now : next).toISOString()}::timestamptz`,
      );
      if (dead) result.dead += 1;
      else result.failed += 1;
    }
    if (rows.length < limit) break;
  }
  return result;
}
