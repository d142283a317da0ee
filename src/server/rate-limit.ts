/**
 * A fixed-window rate limiter whose counters live in the `rate_limits` table, so every app instance
 * on the same database shares them. One atomic upsert per hit: PostgreSQL's row lock on
 * ON CONFLICT DO UPDATE serialises concurrent hits on the same key.
 */

import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { sha256 } from "@/lib/hash";

export type RateLimitRule = { limit: number; windowSeconds: number };

export type RateLimitResult = {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** When the current window ends. */
  resetAt: Date;
};

/** A key that names what is limited without storing it: `scope:` + a SHA-256 of the value. */
export function rateLimitKey(scope: string, value: string): string {
  return `${scope}:${sha256(value)}`;
}

/** Counts one hit on `key` at `now` and says whether it is within `rule`. */
export async function hitRateLimit(
  db: Db,
  input: { key: string; rule: RateLimitRule; now: Date },
): Promise<RateLimitResult> {
  const { key, rule, now } = input;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const cutoff = sql`${new Date(now.getTime() - rule.windowSeconds * 1000).toISOString()}::timestamptz`;
  const expired = sql`${rateLimits.windowStartedAt} <= ${cutoff}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${nowSql} ELSE ${rateLimits.windowStartedAt} END`,
      },
    })
    .returning({ count: rateLimits.count, windowStartedAt: rateLimits.windowStartedAt });
  if (!row) throw new Error("rate_limits: upsert returned no row");
  return {
    allowed: row.count <= rule.limit,
    count: row.count,
    resetAt: new Date(row.windowStartedAt.getTime() + rule.windowSeconds * 1000),
  };
}

/** Deletes counters whose window started before `olderThan` (housekeeping; any instance may run it). */
export async function pruneRateLimits(db: Db, input: { olderThan: Date }): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStartedAt, input.olderThan));
}
