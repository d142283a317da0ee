/**
 * An admin sends a DEAD email again: it goes back to PENDING with a fresh set of attempts and is
 * due at once. Its Message-ID stays, so if an earlier attempt did arrive, the copy is recognisable.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";

const inputSchema = z.object({ id: z.uuid() });

export async function retryDeadEmail(
  db: Db,
  input: { actor: Actor; id: string; now: Date },
): Promise<{ id: string; messageId: string }> {
  if (input.actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can retry emails.");
  const parsed = inputSchema.safeParse({ id: input.id });
  if (!parsed.success) throw new AppError("NOT_FOUND", "No such email.");
  const [row] = await db
    .update(emailOutbox)
    .set({
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: input.now,
      lockedUntil: null,
      updatedAt: input.now,
    })
    .where(and(eq(emailOutbox.id, parsed.data.id), eq(emailOutbox.status, "DEAD")))
    .returning({ id: emailOutbox.id, messageId: emailOutbox.messageId });
  if (row) return row;
  const [existing] = await db
    .select({ status: emailOutbox.status })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, parsed.data.id))
    .limit(1);
  if (!existing) throw new AppError("NOT_FOUND", "No such email.");
  throw new AppError(
    "CONFLICT",
    `This email is ${existing.status.toLowerCase()}, not dead; there is nothing to retry.`,
  );
}
