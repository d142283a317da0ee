/**
 * Looks at a sign-in link without using it (the GET of /sign-in/confirm): whose it is and whether it
 * can still be used. Nothing is written, so mail scanners and link previews cannot spend it.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { SIGN_IN_LINK_TTL_SECONDS, signInLinkIdentifier, TOKEN_PATTERN } from "@/auth/tokens";
import type { Db } from "@/db/client";
import { authVerifications, users } from "@/db/schema";

export type PendingSignInLink =
  | { state: "valid"; user: { id: string; name: string; email: string }; expiresAt: Date }
  | { state: "invalid" }
  | { state: "inactive" };

const recordSchema = z.object({ type: z.literal("magic-link"), email: z.string() });

export const signInTokenSchema = z.string().regex(TOKEN_PATTERN);

export async function findSignInLink(
  db: Db,
  input: { token: unknown; now: Date },
): Promise<PendingSignInLink> {
  const token = signInTokenSchema.safeParse(input.token);
  if (!token.success) return { state: "invalid" };
  const [row] = await db
    .select({ value: authVerifications.value, expiresAt: authVerifications.expiresAt })
    .from(authVerifications)
    .where(eq(authVerifications.identifier, signInLinkIdentifier(token.data)))
    .orderBy(desc(authVerifications.createdAt))
    .limit(1);
  if (!row) return { state: "invalid" };
  // Expired by its own expiry, or by our 10-minute rule whatever the row says.
  const maxAge = SIGN_IN_LINK_TTL_SECONDS * 1000;
  if (row.expiresAt.getTime() <= input.now.getTime()) return { state: "invalid" };
  if (row.expiresAt.getTime() - input.now.getTime() > maxAge) return { state: "invalid" };
  let record: z.infer<typeof recordSchema>;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(row.value));
    if (!parsed.success) return { state: "invalid" };
    record = parsed.data;
  } catch {
    return { state: "invalid" };
  }
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, record.email.toLowerCase())))
    .limit(1);
  if (!user) return { state: "invalid" };
  if (!user.active) return { state: "inactive" };
  return {
    state: "valid",
    user: { id: user.id, name: user.name, email: user.email },
    expiresAt: row.expiresAt,
  };
}
