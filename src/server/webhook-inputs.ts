/**
 * Input schemas for webhooks. A target is the customer's own system: an absolute http(s) URL (no
 * credentials in it, at most 2,000 characters); any other scheme is refused as BAD_INPUT on `url`.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { uuid } from "./inputs";
import { WEBHOOK_EVENTS } from "./webhook-signature";

export const webhookUrl = z
  .string({ error: "Enter the URL to send events to." })
  .trim()
  .min(1, "Enter the URL to send events to.")
  .max(2000, "Keep the URL to 2,000 characters or fewer.")
  .superRefine((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL, e.g. https://hooks.example.com/cairn." });
      return;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "Only http:// and https:// URLs can receive webhooks." });
      return;
    }
    if (parsed.username || parsed.password) {
      ctx.addIssue({ code: "custom", message: "Leave user names and passwords out of the URL." });
    }
  })
  .transform((value) => new URL(value).toString());

export const webhookEvents = z
  .array(z.enum(WEBHOOK_EVENTS, { error: "Unknown event." }), { error: "Choose at least one event." })
  .min(1, "Choose at least one event.")
  .transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e)));

export const registerWebhookSchema = z.object({ url: webhookUrl, events: webhookEvents });

export const updateWebhookSchema = z.object({
  webhookId: uuid,
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  active: z.boolean({ error: "Choose active or inactive." }).optional(),
});

export const webhookIdSchema = z.object({ webhookId: uuid });

export const nowSchema = z
  .date({ error: "Pass the current time." })
  .refine((d) => Number.isFinite(d.getTime()), "Invalid date.");

/** A fresh signing secret: `whsec_` and 32 random bytes, hex. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}

/** Webhooks send the organisation's data to outside systems: admins only (checked against the database). */
export async function assertWebhookAdmin(db: Db, actor: Actor): Promise<void> {
  const access = await loadAccess(db, actor);
  assertAllowed(canAdminister(access), "Only admins can manage webhooks.");
}
