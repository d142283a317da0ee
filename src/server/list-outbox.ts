/** The outbox as admins see it at /admin/outbox, newest first. */
import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type EmailOutboxRow, emailOutbox } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";

export type OutboxMessage = Pick<
  EmailOutboxRow,
  | "id"
  | "messageId"
  | "toAddress"
  | "subject"
  | "textBody"
  | "htmlBody"
  | "kind"
  | "status"
  | "attempts"
  | "lastError"
  | "createdAt"
  | "sentAt"
>;

export async function listOutbox(
  db: Db,
  actor: Actor,
  input: { limit?: number } = {},
): Promise<OutboxMessage[]> {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can read the outbox.");
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  return db
    .select({
      id: emailOutbox.id,
      messageId: emailOutbox.messageId,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      textBody: emailOutbox.textBody,
      htmlBody: emailOutbox.htmlBody,
      kind: emailOutbox.kind,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
}
