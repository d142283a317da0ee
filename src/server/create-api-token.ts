/**
 * Creates a personal API token for the acting person: a name, a scope (read or write) and an
 * optional expiry. The token itself is returned ONCE; only its SHA-256 hash and a short prefix are
 * stored. Any active person may create tokens for themselves; a token acts as its person, with the
 * same permissions (a read token also refuses every write).
 */
import type { z } from "zod";
import { generateApiToken } from "@/auth/api-token";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Actor } from "./actor";
import { createApiTokenSchema } from "./api-token-inputs";
import { loadAccess } from "./authz";
import { parseInput } from "./inputs";
import { type ApiTokenView, toApiTokenView } from "./list-api-tokens";
import { inTransaction } from "./support";

export type CreateApiTokenInput = z.input<typeof createApiTokenSchema> & { actor: Actor; now: Date };

export async function createApiToken(
  db: Db,
  input: CreateApiTokenInput,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const { actor, now, ...raw } = input;
  const data = parseInput(createApiTokenSchema, raw);
  return inTransaction(db, async (tx) => {
    await loadAccess(tx, actor);
    const { token, hash, prefix } = generateApiToken();
    const expiresAt =
      data.expiresInDays == null ? null : new Date(now.getTime() + data.expiresInDays * 86_400_000);
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: actor.id,
        name: data.name,
        tokenHash: hash,
        prefix,
        scope: data.scope,
        expiresAt,
        createdAt: now,
      })
      .returning();
    return { token, apiToken: toApiTokenView(row!, { name: actor.name, email: actor.email }, now) };
  });
}
