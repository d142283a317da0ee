/** Webhooks as admins see them at /admin/webhooks: each with its secret and its latest deliveries. */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { assertWebhookAdmin } from "./webhook-inputs";
import type { WebhookEvent } from "./webhook-signature";

export type WebhookDeliveryView = {
  id: string;
  event: string;
  status: "PENDING" | "DELIVERED" | "FAILED" | "DEAD";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
};

export type WebhookView = {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  active: boolean;
  createdAt: string;
  deliveries: WebhookDeliveryView[];
};

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function listWebhooks(
  db: Db,
  input: { actor: Actor; deliveries?: number },
): Promise<WebhookView[]> {
  await assertWebhookAdmin(db, input.actor);
  const n = Math.min(Math.max(Math.trunc(input.deliveries ?? 20), 1), 200);
  const rows = await queryRows<{ webhook: WebhookView }>(
    db,
    sql`SELECT json_build_object(
          'id', w.id, 'url', w.url, 'events', w.events, 'secret', w.secret, 'active', w.active,
          'createdAt', ${sql.raw(iso("w.created_at"))},
          'deliveries', coalesce((
            SELECT json_agg(json_build_object(
                     'id', d.id, 'event', d.event, 'status', d.status, 'attempts', d.attempts,
                     'lastStatusCode', d.last_status_code, 'lastError', d.last_error,
                     'createdAt', ${sql.raw(iso("d.created_at"))},
                     'deliveredAt', ${sql.raw(iso("d.delivered_at"))},
                     'nextAttemptAt', ${sql.raw(iso("d.next_attempt_at"))})
                   ORDER BY d.created_at DESC, d.id DESC)
            FROM (SELECT * FROM webhook_deliveries x WHERE x.webhook_id = w.id
                  ORDER BY x.created_at DESC, x.id DESC LIMIT ${n}) d
          ), '[]'::json)) AS webhook
        FROM webhooks w ORDER BY w.created_at, w.id`,
  );
  return rows.map((r) => r.webhook);
}
