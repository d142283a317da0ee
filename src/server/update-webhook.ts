/** An admin changes a webhook's URL or events, or (de)activates it. Inactive webhooks receive nothing. */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhooks } from "@/db/schema";
import type { Actor } from "./actor";
import { parseInput } from "./inputs";
import type { WebhookSummary } from "./register-webhook";
import { inTransaction, notFound } from "./support";
import { assertWebhookAdmin, nowSchema, updateWebhookSchema } from "./webhook-inputs";
import type { WebhookEvent } from "./webhook-signature";

/** Unchecked values (a form's, the API's): zod checks them here. */
export type UpdateWebhookInput = {
  webhookId: string;
  url?: string;
  events?: readonly string[];
  active?: boolean;
  actor: Actor;
  now: Date;
};

export async function updateWebhook(db: Db, input: UpdateWebhookInput): Promise<WebhookSummary> {
  const { actor, now, ...raw } = input;
  return inTransaction(db, async (tx) => {
    await assertWebhookAdmin(tx, actor);
    const data = parseInput(updateWebhookSchema, raw);
    const at = parseInput(nowSchema, now);
    const [row] = await tx
      .update(webhooks)
      .set({
        ...(data.url === undefined ? {} : { url: data.url }),
        ...(data.events === undefined ? {} : { events: data.events }),
        ...(data.active === undefined ? {} : { active: data.active }),
        updatedAt: at,
      })
      .where(eq(webhooks.id, data.webhookId))
      .returning({
        id: webhooks.id,
        url: webhooks.url,
        events: webhooks.events,
        secret: webhooks.secret,
        active: webhooks.active,
        createdAt: webhooks.createdAt,
      });
    if (!row) throw notFound("That webhook");
    return { ...row, events: row.events as WebhookEvent[] };
  });
}
