/**
 * Carry-over (admins only, one transaction): from a closed cycle's retrospective, create the next
 * cycle as a DRAFT and copy the chosen objectives and key results into it.
 *
 * Rules:
 * - The source cycle must be COMPLETED. Every chosen objective must be a live (not archived)
 *   objective of it; every chosen key result must belong to one of the chosen objectives.
 * - Objectives keep title, description, level and owner. Alignment is kept only where the parent is
 *   copied too (it then points at the parent's copy); otherwise the copy has no parent.
 * - Key results keep title, kind, target, unit, weight and owner; the start value is the final value
 *   (the current value when none was frozen; 0 for milestones), the current value is the start
 *   value, confidence is back to 5, no check-ins and no checkpoints are copied. An increase or
 *   decrease whose final value already reached its target cannot be carried (BAD_INPUT).
 * - Bad input names the fields (fromCycleId, newCycle.*, objectiveIds, keyResultIds) and writes
 *   nothing. Statements: a fixed number whatever the selection.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Cycle, cycles } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { KrKind } from "@/domain";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { createCycleSchema, parseInput, uuid } from "./inputs";
import { reevaluate } from "./reevaluate";
import { FieldErrorBag, inTransaction, uuidList } from "./support";

const carryOverSchema = z.object({
  fromCycleId: uuid,
  newCycle: createCycleSchema,
  objectiveIds: z
    .array(uuid, { error: "Expected a list of objective ids." })
    .min(1, "Choose at least one objective to carry over.")
    .max(1000, "At most 1,000 objectives."),
  keyResultIds: z.array(uuid, { error: "Expected a list of key result ids." }).max(5000).default([]),
});

export type CarryOverInput = z.input<typeof carryOverSchema> & { actor: Actor; now: Date };

export type CarryOverResult = {
  cycle: Cycle;
  /** Source objective id → its copy. */
  objectives: Record<string, string>;
  /** Source key result id → its copy. */
  keyResults: Record<string, string>;
};

type SourceRow = {
  cycle: { id: string; status: string } | null;
  objectives: {
    id: string;
    cycle_id: string;
    archived: boolean;
    parent_id: string | null;
    title: string;
    description: string;
    level: string;
    owner_user_id: string | null;
    owner_team_id: string | null;
  }[];
  key_results: {
    id: string;
    objective_id: string;
    title: string;
    kind: KrKind;
    start_value: number;
    target_value: number;
    current_value: number;
    final_value: number | null;
    unit: string;
    weight: number;
    owner_user_id: string;
  }[];
};

export async function carryOver(db: Db, input: CarryOverInput): Promise<CarryOverResult> {
  const { actor, now, ...raw } = input;
  const data = parseInput(carryOverSchema, raw);
  const objectiveIds = [...new Set(data.objectiveIds)];
  const keyResultIds = [...new Set(data.keyResultIds)];
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor);
    assertAllowed(canAdminister(access), "Only admins can carry objectives over to a new cycle.");

    const [src] = await queryRows<SourceRow>(
      tx,
      sql`SELECT
        (SELECT json_build_object('id', c.id, 'status', c.status) FROM cycles c WHERE c.id = ${data.fromCycleId}::uuid) AS cycle,
        (SELECT coalesce(json_agg(o ORDER BY o.created_at, o.id), '[]'::json) FROM
           (SELECT id, cycle_id, archived, parent_id, title, description, level, owner_user_id, owner_team_id, created_at
              FROM objectives WHERE id = ANY(${uuidList(objectiveIds)}::uuid[])) o) AS objectives,
        (SELECT coalesce(json_agg(k ORDER BY k.created_at, k.id), '[]'::json) FROM
           (SELECT id, objective_id, title, kind, start_value, target_value, current_value, final_value, unit, weight,
                   owner_user_id, created_at
              FROM key_results WHERE id = ANY(${uuidList(keyResultIds)}::uuid[])) k) AS key_results`,
    );
    const errors = new FieldErrorBag();
    if (!src?.cycle) errors.add("fromCycleId", "Choose an existing cycle.");
    else if (src.cycle.status !== "COMPLETED")
      errors.add("fromCycleId", "Close this cycle first: only a closed cycle's objectives are carried over.");
    const objectives = new Map((src?.objectives ?? []).map((o) => [o.id, o]));
    for (const id of objectiveIds) {
      const o = objectives.get(id);
      if (!o || o.cycle_id !== data.fromCycleId || o.archived)
        errors.add("objectiveIds", "Choose objectives of the closed cycle (not archived ones).");
    }
    const krs = new Map((src?.key_results ?? []).map((k) => [k.id, k]));
    const krPlan: (SourceRow["key_results"][number] & { start: number; newId: string })[] = [];
    for (const id of keyResultIds) {
      const k = krs.get(id);
      if (!k || !objectives.has(k.objective_id)) {
        errors.add(
          "keyResultIds",
          "Choose key results of the objectives you carry over (tick their objective too).",
        );
        continue;
      }
      const start = k.kind === "MILESTONE" ? 0 : (k.final_value ?? k.current_value);
      if (
        (k.kind === "INCREASE" && !(k.target_value > start)) ||
        (k.kind === "DECREASE" && !(k.target_value < start))
      ) {
        errors.add(
          "keyResultIds",
          `“${k.title}” already reached its target: there is nothing left to carry.`,
        );
        continue;
      }
      krPlan.push({ ...k, start, newId: randomUUID() });
    }
    errors.throwIfAny();

    const [cycle] = await tx
      .insert(cycles)
      .values({
        name: data.newCycle.name,
        startDate: data.newCycle.startDate,
        endDate: data.newCycle.endDate,
        status: "DRAFT",
        createdAt: now,
        updatedAt: now,
      })
      .returning();

    const newObjectiveId = new Map(objectiveIds.map((id) => [id, randomUUID()]));
    const objectivePayload = objectiveIds.map((id) => {
      const o = objectives.get(id)!;
      return {
        id: newObjectiveId.get(id),
        parent_id: o.parent_id ? (newObjectiveId.get(o.parent_id) ?? null) : null,
        title: o.title,
        description: o.description,
        level: o.level,
        owner_user_id: o.owner_user_id,
        owner_team_id: o.owner_team_id,
      };
    });
    const nowIso = now.toISOString();
    await tx.execute(sql`
      INSERT INTO objectives (id, cycle_id, parent_id, title, description, level, owner_user_id, owner_team_id,
                              version, created_at, updated_at)
      SELECT v.id, ${cycle!.id}::uuid, v.parent_id, v.title, v.description, v.level::objective_level,
             v.owner_user_id, v.owner_team_id, 1, ${nowIso}::timestamptz, ${nowIso}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(objectivePayload)}::jsonb) AS v(
        id uuid, parent_id uuid, title text, description text, level text, owner_user_id uuid, owner_team_id uuid)`);

    if (krPlan.length > 0) {
      const krPayload = krPlan.map((k) => ({
        id: k.newId,
        objective_id: newObjectiveId.get(k.objective_id),
        owner_user_id: k.owner_user_id,
        title: k.title,
        kind: k.kind,
        start: k.start,
        target: k.target_value,
        unit: k.unit,
        weight: k.weight,
      }));
      await tx.execute(sql`
        INSERT INTO key_results (id, objective_id, owner_user_id, title, kind, start_value, target_value, current_value,
                                 unit, weight, confidence, version, created_at, updated_at)
        SELECT v.id, v.objective_id, v.owner_user_id, v.title, v.kind::key_result_kind, v.start, v.target, v.start,
               v.unit, v.weight, 5, 1, ${nowIso}::timestamptz, ${nowIso}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(krPayload)}::jsonb) AS v(
          id uuid, objective_id uuid, owner_user_id uuid, title text, kind text, start float8, target float8,
          unit text, weight float8)`);
    }
    await reevaluate(tx, { now, cycleIds: [cycle!.id] });
    return {
      cycle: cycle!,
      objectives: Object.fromEntries([...newObjectiveId].map(([from, to]) => [from, to])),
      keyResults: Object.fromEntries(krPlan.map((k) => [k.id, k.newId])),
    };
  });
}
