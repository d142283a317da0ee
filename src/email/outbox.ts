/**
 * The outbox writer: every email Cairn sends is first a row in `email_outbox`. Until SMTP delivery
 * exists, admins read the rows at /admin/outbox; the later worker delivers PENDING/FAILED rows whose
 * `next_attempt_at` has come, keeping `message_id` across retries.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";

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
): Promise<{ id: string; messageId: string; created: boolean }> {
  const e = emailInput.parse(input);
  const messageId = `<${randomUUID()}@${messageIdHost(options.appUrl)}>`;
  const [row] = await db
    .insert(emailOutbox)
    .values({
      messageId,
      toAddress: e.to,
      subject: e.subject,
      textBody: e.text,
      htmlBody: e.html,
      kind: e.kind,
      dedupeKey: e.dedupeKey,
      status: "PENDING",
      nextAttemptAt: options.now,
      createdAt: options.now,
      updatedAt: options.now,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id, messageId: emailOutbox.messageId });
  if (row) return { ...row, created: true };
  const [existing] = await db
    .select({ id: emailOutbox.id, messageId: emailOutbox.messageId })
    .from(emailOutbox)
    .where(eq(emailOutbox.dedupeKey, e.dedupeKey ?? ""))
    .limit(1);
  if (!existing) throw new Error("email_outbox: insert skipped but no row with that dedupe key");
  return { ...existing, created: false };
}
