/**
 * One-click check-in links (docs/decisions/0005-one-click-links.md): the weekly email carries
 * `/u/<token>`, a narrow capability that lets one person check in on the key results they own —
 * nothing else, no session. The token is 32 random bytes (256 bits) in base64url; only its SHA-256
 * hash is stored (check_in_tokens.token_hash), so a database leak yields no working links.
 *
 * Shared pieces of the link use cases: making and hashing tokens, the link address, and finding the
 * valid token row (read-only — opening a link changes nothing, because mail scanners open it first).
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { sha256 } from "@/lib/hash";
import type { Actor } from "./actor";

/** A one-click link works for 8 days: the week it was sent for, plus a day of grace. */
export const CHECK_IN_LINK_TTL_DAYS = 8;
export const CHECK_IN_LINK_TTL_MS = CHECK_IN_LINK_TTL_DAYS * 24 * 60 * 60 * 1000;

/** 32 bytes in base64url without padding: exactly 43 characters. */
export const CHECK_IN_LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashCheckInLinkToken(token: string): string {
  return sha256(token);
}

/** A fresh token and the hash to store. The raw token only ever exists in the emailed link. */
export function newCheckInLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashCheckInLinkToken(token) };
}

/** The link in the email; `keyResultId` anchors the page at that key result's row. */
export function checkInLinkUrl(appUrl: string, token: string, keyResultId?: string): string {
  const url = new URL(`/u/${token}`, `${appUrl}/`);
  if (keyResultId) url.hash = `kr-${keyResultId}`;
  return url.toString();
}

export type LinkState = "valid" | "invalid" | "expired" | "revoked" | "inactive";

export type LinkHolder = {
  tokenId: string;
  weekKey: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: "admin" | "member"; timeZone: string };
};

type TokenRow = {
  token_id: string;
  week_key: string;
  expires_at: string;
  revoked: boolean;
  expired: boolean;
  user_id: string;
  email: string;
  name: string;
  role: "admin" | "member";
  time_zone: string;
  active: boolean;
};

/**
 * Looks a token up without changing anything. `invalid` covers malformed, unknown and tampered
 * tokens alike (they are indistinguishable, and telling them apart would help nobody but a guesser).
 */
export async function findCheckInLinkHolder(
  db: Db,
  input: { token: unknown; now: Date; lock?: boolean },
): Promise<{ state: "valid"; holder: LinkHolder } | { state: Exclude<LinkState, "valid"> }> {
  if (typeof input.token !== "string" || !CHECK_IN_LINK_TOKEN_PATTERN.test(input.token)) {
    return { state: "invalid" };
  }
  const hash = hashCheckInLinkToken(input.token);
  const nowIso = input.now.toISOString();
  const [row] = await queryRows<TokenRow>(
    db,
    sql`SELECT t.id AS token_id, t.week_key,
               to_char(t.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at,
               (t.revoked_at IS NOT NULL) AS revoked, (t.expires_at <= ${nowIso}::timestamptz) AS expired,
               u.id AS user_id, u.email, u.name, u.role, u.time_zone, u.active
        FROM check_in_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = ${hash}
        ${input.lock ? sql`FOR SHARE OF t` : sql``}`,
  );
  if (!row) return { state: "invalid" };
  if (row.revoked) return { state: "revoked" };
  if (row.expired) return { state: "expired" };
  if (!row.active) return { state: "inactive" };
  return {
    state: "valid",
    holder: {
      tokenId: row.token_id,
      weekKey: row.week_key,
      expiresAt: row.expires_at,
      user: { id: row.user_id, email: row.email, name: row.name, role: row.role, timeZone: row.time_zone },
    },
  };
}

/** The person a link speaks for, as an Actor (permissions are checked again by each use case). */
export function actorOfHolder(holder: LinkHolder): Actor {
  const { id, email, name, role } = holder.user;
  return { id, email, name, role };
}
