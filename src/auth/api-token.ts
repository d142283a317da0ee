/**
 * Personal API tokens: `cairn_` + base64url of 32 random bytes (256 bits). Only the SHA-256 hash
 * (base64url) is stored, with the first characters as a prefix to recognise a token in lists.
 * `authenticateApiToken` finds the acting person for `Authorization: Bearer <token>`: the token must
 * exist, not be revoked or expired, and belong to an active person; it records `last_used_at` at
 * most once a minute (in the same statement, so a request costs one round trip).
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { sha256 } from "@/lib/hash";
import type { Actor } from "@/server/actor";

export const API_TOKEN_PREFIX = "cairn_";
/** `cairn_` and 43 base64url characters; nothing else is looked up. */
export const API_TOKEN_PATTERN = /^cairn_[A-Za-z0-9_-]{43}$/;
/** How many characters of the token are kept in clear to recognise it (`cairn_` + 6). */
export const API_TOKEN_PREFIX_LENGTH = 12;
/** `last_used_at` is written at most this often per token. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

export type ApiTokenScope = "read" | "write";

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, API_TOKEN_PREFIX_LENGTH) };
}

export function hashApiToken(token: string): string {
  return sha256(token);
}

/**
 * The token of an `Authorization` header: null when there is no header; "" when the header is not a
 * well-formed bearer token (the caller answers 401).
 */
export function bearerToken(headers: Headers): string | null {
  const value = headers.get("authorization");
  if (value === null) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(value.trim());
  return match?.[1] ?? "";
}

export type TokenPrincipal = { actor: Actor; scope: ApiTokenScope; tokenId: string };

/** The person a token acts for, or null (unknown, malformed, revoked, expired, or a deactivated person). */
export async function authenticateApiToken(db: Db, token: string, now: Date): Promise<TokenPrincipal | null> {
  if (!API_TOKEN_PATTERN.test(token)) return null;
  const at = now.toISOString();
  const [row] = await queryRows<{
    token_id: string;
    scope: ApiTokenScope;
    user_id: string;
    email: string;
    name: string;
    role: "admin" | "member";
  }>(
    db,
    sql`WITH found AS (
          SELECT t.id AS token_id, t.scope, u.id AS user_id, u.email, u.name, u.role
          FROM api_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = ${hashApiToken(token)}
            AND t.revoked_at IS NULL
            AND (t.expires_at IS NULL OR t.expires_at > ${at}::timestamptz)
            AND u.active
        ),
        touched AS (
          UPDATE api_tokens SET last_used_at = ${at}::timestamptz
          WHERE id IN (SELECT token_id FROM found)
            AND (last_used_at IS NULL
                 OR last_used_at <= ${at}::timestamptz - ${sql.raw(`interval '${LAST_USED_RESOLUTION_SECONDS} seconds'`)})
          RETURNING id
        )
        SELECT found.*, (SELECT count(*) FROM touched) AS touched FROM found`,
  );
  if (!row) return null;
  return {
    tokenId: row.token_id,
    scope: row.scope,
    actor: {
      id: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role === "admin" ? "admin" : "member",
    },
  };
}
