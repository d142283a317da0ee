/**
 * Revokes an API token: its owner or an admin. It stops working at once (the next request answers
 * 401). Revoking a revoked token changes nothing; someone else's token is NOT_FOUND for a member
 * (they may not learn that it exists).
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Actor } from "./actor";
import { revokeApiTokenSchema } from "./api-token-inputs";
import { isAdmin, loadAccess } from "./authz";
import { parseInput } from "./inputs";
import { type ApiTokenView, toApiTokenView } from "./list-api-tokens";
import { inTransaction, notFound } from "./support";

export type RevokeApiTokenInput = z.input<typeof revokeApiTokenSchema> & { actor: Actor; now: Date };

export async function revokeApiToken(db: Db, input: RevokeApiTokenInput): Promise<ApiTokenView> {
  const { actor, now, ...raw } = input;
  const data = parseInput(revokeApiTokenSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor);
    const [found] = await tx
      .select({ token: apiTokens, name: users.name, email: users.email })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, data.tokenId))
      .for("update", { of: apiTokens });
    if (!found || (found.token.userId !== access.actor.id && !isAdmin(access))) throw notFound("That token");
    if (found.token.revokedAt) return toApiTokenView(found.token, found, now);
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(eq(apiTokens.id, found.token.id))
      .returning();
    return toApiTokenView(row!, found, now);
  });
}
