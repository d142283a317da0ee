import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { checkIns, cycles, keyResults, objectives, orgSettings, teams, users } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";

let h: TestDb;
let db: Db;
let userId: string;
let teamId: string;
let cycleId: string;
let objectiveId: string;
let keyResultId: string;

/** Runs `fn` in a transaction that always rolls back, and returns the constraint it broke. */
async function violation(fn: (tx: Db) => Promise<unknown>): Promise<string> {
  try {
    await db.transaction(async (tx) => {
      await fn(tx as unknown as Db);
      throw new Error("NO_VIOLATION");
    });
  } catch (e) {
    const err = e as { message: string; cause?: { constraint?: string; message?: string } };
    if (err.message === "NO_VIOLATION") return "none";
    return err.cause?.constraint ?? err.cause?.message ?? err.message;
  }
  return "none";
}

beforeAll(async () => {
  h = await createTestDb();
  db = h.db;
  [{ id: userId }] = (await db
    .insert(users)
    .values({ email: "ada@example.com", name: "Ada", timeZone: "Europe/Berlin", role: "admin" })
    .returning({ id: users.id })) as [{ id: string }];
  [{ id: teamId }] = (await db.insert(teams).values({ name: "Platform", leadUserId: userId }).returning({
    id: teams.id,
  })) as [{ id: string }];
  [{ id: cycleId }] = (await db
    .insert(cycles)
    .values({ name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30", status: "ACTIVE" })
    .returning({ id: cycles.id })) as [{ id: string }];
  [{ id: objectiveId }] = (await db
    .insert(objectives)
    .values({ cycleId, title: "Grow", level: "COMPANY", ownerUserId: userId })
    .returning({ id: objectives.id })) as [{ id: string }];
  [{ id: keyResultId }] = (await db
    .insert(keyResults)
    .values({ objectiveId, ownerUserId: userId, title: "Users", startValue: 0, targetValue: 100 })
    .returning({ id: keyResults.id })) as [{ id: string }];
});

afterAll(async () => {
  await h?.close();
});

describe(`schema on ${dialectName}`, () => {
  it("applies every migration to an empty database", async () => {
    const tables = await queryRows<{ table_name: string }>(
      db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        "check_ins",
        "cycles",
        "key_result_checkpoints",
        "key_results",
        "objectives",
        "org_settings",
        "team_members",
        "teams",
        "users",
      ]),
    );
    const applied = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(applied[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("gives every foreign key an index and an explicit ON DELETE", async () => {
    const fks = await queryRows<{ table: string; column: string; indexed: boolean; action: string }>(
      db,
      sql`
      SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.confdeltype AS action,
             EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]) AS indexed
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
    );
    expect(fks.length).toBeGreaterThan(10);
    expect(fks.filter((r) => !r.indexed)).toEqual([]);
    // 'a' is NO ACTION, the implicit default: every key says what happens on delete.
    expect(fks.filter((r) => r.action === "a")).toEqual([]);
  });

  it("refuses a cycle whose end is not after its start", async () => {
    expect(
      await violation((tx) =>
        tx.insert(cycles).values({ name: "Bad", startDate: "2026-09-30", endDate: "2026-07-01" }),
      ),
    ).toBe("cycles_end_after_start");
    expect(
      await violation((tx) =>
        tx.insert(cycles).values({ name: "Bad", startDate: "2026-07-01", endDate: "2026-07-01" }),
      ),
    ).toBe("cycles_end_after_start");
  });

  it("refuses an objective whose owner does not match its level", async () => {
    expect(
      await violation((tx) =>
        tx.insert(objectives).values({ cycleId, title: "T", level: "TEAM", ownerUserId: userId }),
      ),
    ).toBe("objectives_owner_matches_level");
    expect(
      await violation((tx) =>
        tx.insert(objectives).values({ cycleId, title: "T", level: "INDIVIDUAL", ownerTeamId: teamId }),
      ),
    ).toBe("objectives_owner_matches_level");
    expect(
      await violation((tx) =>
        tx
          .insert(objectives)
          .values({ cycleId, title: "T", level: "COMPANY", ownerUserId: userId, ownerTeamId: teamId }),
      ),
    ).toBe("objectives_owner_matches_level");
    expect(
      await violation((tx) =>
        tx.insert(objectives).values({ cycleId, title: "Team", level: "TEAM", ownerTeamId: teamId }),
      ),
    ).toBe("none");
  });

  it.each([0, 11])("refuses confidence %i on key results and check-ins", async (confidence) => {
    expect(
      await violation((tx) =>
        tx.insert(keyResults).values({
          objectiveId,
          ownerUserId: userId,
          title: "K",
          startValue: 0,
          targetValue: 10,
          confidence,
        }),
      ),
    ).toBe("key_results_confidence_range");
    expect(
      await violation((tx) =>
        tx
          .insert(checkIns)
          .values({ keyResultId, authorUserId: userId, previousValue: 0, newValue: 1, confidence }),
      ),
    ).toBe("check_ins_confidence_range");
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "refuses the value %s",
    async (value) => {
      for (const field of ["startValue", "targetValue", "currentValue"] as const) {
        const row = {
          objectiveId,
          ownerUserId: userId,
          title: "K",
          kind: "STAY_ABOVE" as const,
          targetValue: 1,
        };
        expect(await violation((tx) => tx.insert(keyResults).values({ ...row, [field]: value }))).toBe(
          "key_results_values_finite",
        );
      }
      expect(
        await violation((tx) =>
          tx.insert(checkIns).values({ keyResultId, previousValue: 0, newValue: value }),
        ),
      ).toBe("check_ins_values_finite");
    },
  );

  it("refuses a key result whose direction contradicts its kind", async () => {
    const row = { objectiveId, ownerUserId: userId, title: "K" };
    expect(
      await violation((tx) =>
        tx.insert(keyResults).values({ ...row, kind: "INCREASE", startValue: 10, targetValue: 5 }),
      ),
    ).toBe("key_results_direction");
    expect(
      await violation((tx) =>
        tx.insert(keyResults).values({ ...row, kind: "DECREASE", startValue: 5, targetValue: 5 }),
      ),
    ).toBe("key_results_direction");
    expect(
      await violation((tx) =>
        tx
          .insert(keyResults)
          .values({ ...row, kind: "DECREASE", startValue: 5, targetValue: 2, currentValue: 5 }),
      ),
    ).toBe("none");
  });

  it("stores emails lowercase and unique", async () => {
    expect(
      await violation((tx) => tx.insert(users).values({ email: "ADA@example.com", name: "Other Ada" })),
    ).toBe("users_email_lowercase");
    expect(
      await violation((tx) => tx.insert(users).values({ email: "ada@example.com", name: "Other Ada" })),
    ).toBe("users_email_lower_key");
  });

  it("keeps org settings to one row with sane thresholds", async () => {
    expect(await violation((tx) => tx.insert(orgSettings).values({ id: 2, name: "Two" }))).toBe(
      "org_settings_single_row",
    );
    expect(
      await violation((tx) =>
        tx.insert(orgSettings).values({ name: "Acme", atRiskRatio: 0.3, offTrackRatio: 0.4 }),
      ),
    ).toBe("org_settings_ratios");
    expect(await violation((tx) => tx.insert(orgSettings).values({ name: "Acme", reminderHour: 24 }))).toBe(
      "org_settings_reminder_hour",
    );
  });

  it("keeps check-ins append-only", async () => {
    const [row] = await db
      .insert(checkIns)
      .values({ keyResultId, authorUserId: userId, previousValue: 0, newValue: 5, note: "first" })
      .returning();
    const result = await violation((tx) =>
      tx.update(checkIns).set({ note: "rewritten" }).where(sql`id = ${row!.id}`),
    );
    expect(result).toMatch(/append-only/);
  });
});
