/**
 * Records webhook events: one `webhook_deliveries` row per active webhook subscribed to the event,
 * in ONE statement on the caller's `db` — pass the transaction that made the change, so that a
 * rolled-back change records nothing and a committed one cannot lose its event. Delivery happens
 * later (`deliverWebhooks`, the `webhooks.deliver` job); call `kickWebhookDelivery()` after commit.
 *
 * The stored payload is the event's `data`; the delivered body is `{ id, event, createdAt, data }`.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { parseInput } from "./inputs";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./webhook-signature";

const eventsSchema = z.object({
  now: z.date().refine((d) => Number.isFinite(d.getTime()), "Invalid date."),
  events: z.array(
    z.object({
      event: z.enum(WEBHOOK_EVENTS),
      payload: z.record(z.string(), z.unknown()),
    }),
  ),
});

export type WebhookEventInput = { event: WebhookEvent; payload: Record<string, unknown> };

/** Several events at once (e.g. every transition of a re-evaluation): still one statement. */
export async function recordWebhookEvents(
  db: Db,
  input: { events: WebhookEventInput[]; now: Date },
): Promise<{ recorded: number }> {
  const { events, now } = parseInput(eventsSchema, input);
  if (events.length === 0) return { recorded: 0 };
  const at = now.toISOString();
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`WITH e AS (
          SELECT x.ord, x.value->>'event' AS event, x.value->'payload' AS payload
          FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS x(value, ord)
        ),
        ins AS (
          INSERT INTO webhook_deliveries (webhook_id, event, payload, status, attempts, next_attempt_at, created_at)
          SELECT w.id, e.event, e.payload, 'PENDING', 0, ${at}::timestamptz, ${at}::timestamptz
          FROM e JOIN webhooks w ON w.active AND e.event = ANY(w.events)
          ORDER BY e.ord, w.id
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM ins`,
  );
  return { recorded: Number(row?.n ?? 0) };
}

/** One event: a row for every active webhook subscribed to it. */
export async function recordWebhookEvent(
  db: Db,
  input: { event: WebhookEvent; payload: Record<string, unknown>; now: Date },
): Promise<{ recorded: number }> {
  return recordWebhookEvents(db, {
    events: [{ event: input.event, payload: input.payload }],
    now: input.now,
  });
}
