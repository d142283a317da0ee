/** Small builders for integration tests: real rows through Drizzle, nothing mocked. */
import type { Db } from "../../src/db/client";
import { checkIns, cycles, keyResults, objectives, orgSettings, teams, users } from "../../src/db/schema";

let seq = 0;
const next = () => ++seq;

export async function insertOrg(db: Db, values: Partial<typeof orgSettings.$inferInsert> = {}) {
  const [row] = await db
    .insert(orgSettings)
    .values({ name: "Acme", timeZone: "Europe/Berlin", ...values })
    .returning();
  return row!;
}

export async function insertUser(db: Db, values: Partial<typeof users.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(users)
    .values({ email: `person${n}@example.com`, name: `Person ${n}`, timeZone: "Europe/Berlin", ...values })
    .returning();
  return row!;
}

export async function insertTeam(db: Db, values: Partial<typeof teams.$inferInsert> = {}) {
  const [row] = await db
    .insert(teams)
    .values({ name: `Team ${next()}`, ...values })
    .returning();
  return row!;
}

export async function insertCycle(db: Db, values: Partial<typeof cycles.$inferInsert> = {}) {
  const [row] = await db
    .insert(cycles)
    .values({
      name: `Cycle ${next()}`,
      startDate: "2026-07-01",
      endDate: "2026-09-30",
      status: "ACTIVE",
      ...values,
    })
    .returning();
  return row!;
}

export async function insertObjective(
  db: Db,
  values: Partial<typeof objectives.$inferInsert> & { cycleId: string },
) {
  const [row] = await db
    .insert(objectives)
    .values({ title: `Objective ${next()}`, level: "COMPANY", ...values } as typeof objectives.$inferInsert)
    .returning();
  return row!;
}

export async function insertKeyResult(
  db: Db,
  values: Partial<typeof keyResults.$inferInsert> & { objectiveId: string; ownerUserId: string },
) {
  const [row] = await db
    .insert(keyResults)
    .values({ title: `Key result ${next()}`, startValue: 0, targetValue: 100, currentValue: 0, ...values })
    .returning();
  return row!;
}

/** Appends check-ins with a consistent previous → new chain and moves the key result along. */
export async function insertCheckIns(
  db: Db,
  kr: { id: string; startValue: number },
  points: { at: Date; value: number; confidence?: number; note?: string }[],
  authorUserId?: string,
) {
  let previous = kr.startValue;
  const rows = points.map((p) => {
    const row = {
      keyResultId: kr.id,
      authorUserId,
      previousValue: previous,
      newValue: p.value,
      confidence: p.confidence,
      note: p.note ?? "",
      createdAt: p.at,
    };
    previous = p.value;
    return row;
  });
  if (rows.length > 0) await db.insert(checkIns).values(rows);
  const last = points.at(-1);
  if (last) {
    const { eq } = await import("drizzle-orm");
    await db
      .update(keyResults)
      .set({
        currentValue: last.value,
        lastCheckInAt: last.at,
        ...(last.confidence ? { confidence: last.confidence } : {}),
      })
      .where(eq(keyResults.id, kr.id));
  }
}
