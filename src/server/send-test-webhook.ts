/**
 * "Send a test event": one `webhook.test` delivery for this active webhook (whatever its events), signed
 * and retried like any other. Call `kickWebhookDelivery()` afterwards to send it at once.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { parseInput } from "./inputs";
import { inTransaction, notFound, unprocessable } from "./support";
import { assertWebhookAdmin, nowSchema, webhookIdSchema } from "./webhook-inputs";
import { WEBHOOK_TEST_EVENT } from "./webhook-signature";

export async function sendTestWebhook(
  db: Db,
  input: { actor: Actor; webhookId: string; now: Date },
): Promise<{ deliveryId: string }> {
  return inTransaction(db, async (tx) => {
    await assertWebhookAdmin(tx, input.actor);
    const { webhookId } = parseInput(webhookIdSchema, { webhookId: input.webhookId });
    const now = parseInput(nowSchema, input.now).toISOString();
    const payload = {
      message: "A test event from Cairn.",
      sentBy: { id: input.actor.id, name: input.actor.name },
    };
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO webhook_deliveries (webhook_id, event, payload, status, attempts, next_attempt_at, created_at)
          SELECT w.id, ${WEBHOOK_TEST_EVENT}, ${JSON.stringify(payload)}::jsonb, 'PENDING', 0,
                 ${now}::timestamptz, ${now}::timestamptz
          FROM webhooks w WHERE w.id = ${webhookId}::uuid AND w.active
          RETURNING id`,
    );
    if (!row) {
      const [exists] = await queryRows<{ id: string }>(
        tx,
        sql`SELECT id FROM webhooks WHERE id = ${webhookId}::uuid`,
      );
      if (!exists) throw notFound("That webhook");
      throw unprocessable("This webhook is inactive: activate it to send a test event.");
    }
    return { deliveryId: row.id };
  });
}
