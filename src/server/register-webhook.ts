/**
 * An admin registers a URL to receive events. Cairn makes the signing secret and answers with it
 * (the admin screen keeps showing it to admins, since receivers need it to verify signatures).
 * Targets are the customer's own systems: any http(s) URL is accepted, other schemes are refused.
 */
import type { Db } from "@/db/client";
import { webhooks } from "@/db/schema";
import type { Actor } from "./actor";
import { parseInput } from "./inputs";
import { inTransaction } from "./support";
import { assertWebhookAdmin, newWebhookSecret, nowSchema, registerWebhookSchema } from "./webhook-inputs";
import type { WebhookEvent } from "./webhook-signature";

/** Unchecked values (a form's, the API's): zod checks them here. */
export type RegisterWebhookInput = { url: string; events: readonly string[]; actor: Actor; now: Date };

export type WebhookSummary = {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  active: boolean;
  createdAt: Date;
};

export async function registerWebhook(db: Db, input: RegisterWebhookInput): Promise<WebhookSummary> {
  const { actor, now, ...raw } = input;
  return inTransaction(db, async (tx) => {
    await assertWebhookAdmin(tx, actor);
    const data = parseInput(registerWebhookSchema, raw);
    const at = parseInput(nowSchema, now);
    const [row] = await tx
      .insert(webhooks)
      .values({
        url: data.url,
        events: data.events,
        secret: newWebhookSecret(),
        active: true,
        createdByUserId: actor.id,
        createdAt: at,
        updatedAt: at,
      })
      .returning({
        id: webhooks.id,
        url: webhooks.url,
        events: webhooks.events,
        secret: webhooks.secret,
        active: webhooks.active,
        createdAt: webhooks.createdAt,
      });
    return { ...row!, events: row!.events as WebhookEvent[] };
  });
}
