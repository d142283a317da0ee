import type { Db } from "@/db/client";
import { users } from "@/db/schema";

/** True until the first user exists: the home page then sends people to /setup. */
export async function needsSetup(db: Db): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length === 0;
}
