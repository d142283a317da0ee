/**
 * ACTIVE cycles whose last day (inclusive, in the organisation's time zone) is before `now`'s date
 * there. The hourly `cycles.watch-ends` job only reports them for now; the retrospective issue will
 * close them and ask for retrospectives.
 */
import { and, asc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cycles } from "@/db/schema";
import { localDate } from "@/domain";
import { getOrgSettings } from "@/server/get-org-settings";

export type EndedCycle = { id: string; name: string; endDate: string };

export async function findEndedCycles(db: Db, now: Date): Promise<EndedCycle[]> {
  const { timeZone } = await getOrgSettings(db);
  const today = localDate(now, timeZone);
  return db
    .select({ id: cycles.id, name: cycles.name, endDate: cycles.endDate })
    .from(cycles)
    .where(and(eq(cycles.status, "ACTIVE"), lt(cycles.endDate, today)))
    .orderBy(asc(cycles.endDate), asc(cycles.id));
}
