/**
 * Idempotency-Key for API writes. The first request with a key (per person) runs and its answer
 * (status and body) is stored in the same transaction as what it wrote; a retry with the same key and
 * the same request gets that answer back and writes nothing; the same key with another request
 * (method, path or body differ) is refused with 422 UNPROCESSABLE.
 *
 * Concurrency: the key's row is inserted FIRST, with ON CONFLICT DO NOTHING, inside the transaction.
 * A concurrent retry's insert waits on the unique key until the first transaction ends: after a
 * commit it finds the stored answer; after a rollback (the write failed, e.g. 400 or 403) its own
 * insert goes through and it runs the write itself. Failed requests are therefore not remembered:
 * retrying a refused request runs it again.
 */

import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sha256 } from "@/lib/hash";
import type { Actor } from "./actor";
import { inTransaction } from "./support";

/** 1–200 visible ASCII characters (a UUID is a good choice). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export type IdempotentAnswer = { status: number; body: unknown; replayed: boolean };

/** The request's fingerprint: method, path and the body's JSON with keys sorted. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return sha256(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function parseIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new AppError("BAD_INPUT", "The Idempotency-Key header must be 1–200 visible ASCII characters.", {
      fields: { "Idempotency-Key": ["1–200 visible ASCII characters, e.g. a UUID."] },
    });
  }
  return value;
}

/**
 * Runs `write` once per (actor, key): see the module comment. `write` gets the transaction and must
 * do all its writing in it (use cases nest their own transaction as a savepoint).
 */
export async function withIdempotency(
  db: Db,
  input: {
    actor: Actor;
    key: string;
    fingerprint: string;
    now: Date;
    write: (tx: Db) => Promise<{ status: number; body: unknown }>;
  },
): Promise<IdempotentAnswer> {
  const { actor, key, fingerprint, now } = input;
  return inTransaction(db, async (tx) => {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ userId: actor.id, key, requestFingerprint: fingerprint, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, key)));
      if (!stored || stored.responseStatus === null) {
        throw new AppError(
          "CONFLICT",
          "A request with this Idempotency-Key is still in progress. Retry shortly.",
        );
      }
      if (stored.requestFingerprint !== fingerprint) {
        throw new AppError(
          "UNPROCESSABLE",
          "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        );
      }
      return { status: stored.responseStatus, body: stored.responseBody, replayed: true };
    }
    const answer = await input.write(tx);
    // Stored as JSON text, exactly as the first answer was sent.
    const body = JSON.parse(JSON.stringify(answer.body ?? null)) as unknown;
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: answer.status, responseBody: body })
      .where(and(eq(idempotencyKeys.userId, actor.id), eq(idempotencyKeys.key, key)));
    return { status: answer.status, body, replayed: false };
  });
}
