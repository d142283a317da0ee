/**
 * The secret that signs session cookies. From AUTH_SECRET when set; otherwise Cairn generates a
 * random 256-bit secret once and keeps it in `app_secrets`, so it survives restarts and is shared by
 * every instance on the same database. Never a hard-coded value (see docs/decisions/0003-auth.md).
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSecrets } from "@/db/schema";

const NAME = "auth_secret";

export async function resolveAuthSecret(
  db: Db,
  configured: string | undefined,
): Promise<{ secret: string; source: "env" | "database" }> {
  if (configured) return { secret: configured, source: "env" };
  // First writer wins: concurrent instances all end up reading the same row.
  await db
    .insert(appSecrets)
    .values({ name: NAME, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing({ target: appSecrets.name });
  const [row] = await db
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, NAME));
  if (!row) throw new Error("app_secrets: the generated auth secret could not be read back");
  return { secret: row.value, source: "database" };
}
