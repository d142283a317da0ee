/**
 * Turns one-click links off (check_in_tokens.revoked_at). By token: the "Turn this link off" button
 * on the link's own page (for a forwarded or leaked email). By person: every live link of someone,
 * e.g. after an address change or on request. A new week's link does NOT revoke the previous one
 * (ADR 0005): both stay usable until they expire, which is at most one overlapping day.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { checkInTokens } from "@/db/schema";
import { CHECK_IN_LINK_TOKEN_PATTERN, hashCheckInLinkToken } from "./check-in-link";
import { parseInput, uuid } from "./inputs";

export async function revokeCheckInLink(
  db: Db,
  input: { token: unknown; now: Date },
): Promise<{ revoked: boolean }> {
  if (typeof input.token !== "string" || !CHECK_IN_LINK_TOKEN_PATTERN.test(input.token)) {
    return { revoked: false };
  }
  const rows = await db
    .update(checkInTokens)
    .set({ revokedAt: input.now })
    .where(
      and(eq(checkInTokens.tokenHash, hashCheckInLinkToken(input.token)), isNull(checkInTokens.revokedAt)),
    )
    .returning({ id: checkInTokens.id });
  return { revoked: rows.length > 0 };
}

export async function revokeCheckInLinksOf(
  db: Db,
  input: { userId: string; now: Date },
): Promise<{ revoked: number }> {
  const { userId } = parseInput(z.object({ userId: uuid }), { userId: input.userId });
  const rows = await db
    .update(checkInTokens)
    .set({ revokedAt: input.now })
    .where(
      and(
        eq(checkInTokens.userId, userId),
        isNull(checkInTokens.revokedAt),
        gt(checkInTokens.expiresAt, input.now),
      ),
    )
    .returning({ id: checkInTokens.id });
  return { revoked: rows.length };
}
