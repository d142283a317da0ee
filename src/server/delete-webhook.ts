/** An admin deletes a webhook; its delivery log goes with it (ON DELETE CASCADE). */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhooks } from "@/db/schema";
import type { Actor } from "./actor";
import { parseInput } from "./inputs";
import { inTransaction, notFound } from "./support";
import { assertWebhookAdmin, webhookIdSchema } from "./webhook-inputs";

export async function deleteWebhook(
  db: Db,
  input: { actor: Actor; webhookId: string; now: Date },
): Promise<{ id: string }> {
  return inTransaction(db, async (tx) => {
    await assertWebhookAdmin(tx, input.actor);
    const { webhookId } = parseInput(webhookIdSchema, { webhookId: input.webhookId });
    const [row] = await tx.delete(webhooks).where(eq(webhooks.id, webhookId)).returning({ id: webhooks.id });
    if (!row) throw notFound("That webhook");
    return row;
  });
}
