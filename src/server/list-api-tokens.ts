/**
 * API tokens as people see them (never the hash): yours (`listApiTokens`), or everyone's for admins
 * (`listAllApiTokens`), newest first, with their state at `now` (active, expired or revoked).
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, users } from "@/db/schema";

type ApiToken = typeof apiTokens.$inferSelect;

import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  state: "active" | "expired" | "revoked";
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  user: { id: string; name: string; email: string };
};

export function toApiTokenView(
  row: ApiToken,
  user: { name: string; email: string },
  now: Date,
): ApiTokenView {
  const state = row.revokedAt
    ? "revoked"
    : row.expiresAt && row.expiresAt.getTime() <= now.getTime()
      ? "expired"
      : "active";
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    state,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    user: { id: row.userId, name: user.name, email: user.email },
  };
}

async function query(db: Db, now: Date, userId?: string): Promise<ApiTokenView[]> {
  const rows = await db
    .select({ token: apiTokens, name: users.name, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId ? eq(apiTokens.userId, userId) : undefined)
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map((r) => toApiTokenView(r.token, r, now));
}

/** The acting person's own tokens. */
export async function listApiTokens(db: Db, input: { actor: Actor; now: Date }): Promise<ApiTokenView[]> {
  await loadAccess(db, input.actor);
  return query(db, input.now, input.actor.id);
}

/** Every person's tokens: admins only. */
export async function listAllApiTokens(db: Db, input: { actor: Actor; now: Date }): Promise<ApiTokenView[]> {
  const access = await loadAccess(db, input.actor);
  assertAllowed(canAdminister(access), "Only admins can see everyone's API tokens.");
  return query(db, input.now);
}
