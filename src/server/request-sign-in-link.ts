/**
 * "Email me a sign-in link". The answer is the same whether or not the address belongs to someone:
 * both are counted by the same rate limits, and only an existing, active user gets a link (written
 * to the outbox by better-auth's magic-link plugin, see src/auth/auth.ts).
 */
import { and, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Auth } from "@/auth/auth";
import type { Db } from "@/db/client";
import { authVerifications, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hitRateLimit, pruneRateLimits, type RateLimitRule, rateLimitKey } from "./rate-limit";

export const SIGN_IN_LINK_LIMITS = {
  perEmail: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: 20, windowSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimitRule>;

export const signInRequestSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address, like name@example.com.")),
});

export type SignInRequestResult = { ok: true };

export async function requestSignInLink(
  db: Db,
  auth: Auth,
  input: { email: unknown; ip: string | null; now: Date },
): Promise<SignInRequestResult> {
  const parsed = signInRequestSchema.safeParse({ email: input.email });
  if (!parsed.success) {
    throw new AppError("BAD_INPUT", "Check the highlighted field.", {
      fields: z.flattenError(parsed.error).fieldErrors,
    });
  }
  const email = parsed.data.email.toLowerCase();
  const { now } = input;

  const checks = [
    ...(input.ip ? [{ key: rateLimitKey("sign-in-ip", input.ip), rule: SIGN_IN_LINK_LIMITS.perIp }] : []),
    { key: rateLimitKey("sign-in-email", email), rule: SIGN_IN_LINK_LIMITS.perEmail },
  ];
  for (const check of checks) {
    const result = await hitRateLimit(db, { ...check, now });
    if (!result.allowed) {
      const minutes = Math.max(1, Math.ceil((result.resetAt.getTime() - now.getTime()) / 60_000));
      throw new AppError(
        "RATE_LIMITED",
        `Too many sign-in requests. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      );
    }
  }

  const [user] = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email), eq(users.active, true)))
    .limit(1);
  if (user) {
    await auth.api.signInMagicLink({
      body: { email: user.email, metadata: { now: now.toISOString() } },
      headers: new Headers(),
    });
  }

  // Housekeeping, cheap with the indexes: spent counters and long-expired links.
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  await pruneRateLimits(db, { olderThan: dayAgo });
  await db.delete(authVerifications).where(lt(authVerifications.expiresAt, dayAgo));

  return { ok: true };
}
