/**
 * The /api/v1 endpoints, as plain functions of (request context) → result, so that tests can run
 * them through `handle` with their own database and actor. Route files only bind them to paths.
 * Every endpoint hands the body to one use case, which validates it and checks permissions; path
 * ids override ids in the body.
 */
import { activateCycle } from "@/server/activate-cycle";
import { archiveObjective } from "@/server/archive-objective";
import { type CheckInInput, checkIn } from "@/server/check-in";
import { type CreateCycleInput, createCycle } from "@/server/create-cycle";
import { type CreateKeyResultInput, createKeyResult } from "@/server/create-key-result";
import { type CreateObjectiveInput, createObjective } from "@/server/create-objective";
import { getCycleTree } from "@/server/get-cycle-tree";
import { getDashboard } from "@/server/get-dashboard";
import { getHealth } from "@/server/get-health";
import { getKeyResult } from "@/server/get-key-result";
import { getObjective } from "@/server/get-objective";
import { getRetrospective } from "@/server/get-retrospective";
import { parseIdempotencyKey, requestFingerprint, withIdempotency } from "@/server/idempotency";
import { listCycles } from "@/server/list-cycles";
import { type UpdateCycleInput, updateCycle } from "@/server/update-cycle";
import { type UpdateKeyResultInput, updateKeyResult } from "@/server/update-key-result";
import { type UpdateObjectiveInput, updateObjective } from "@/server/update-objective";
import { endpoint } from "./handler";

type Id = { id: string };

// Cycles
export const listCyclesEndpoint = endpoint("GET", async ({ db, actor }) => ({
  body: { cycles: await listCycles(db, { actor }) },
}));

export const createCycleEndpoint = endpoint("POST", async ({ db, actor, now, body }) => ({
  status: 201,
  body: await createCycle(db, { ...body, actor, now } as CreateCycleInput),
}));

export const updateCycleEndpoint = endpoint<Id>("PATCH", async ({ db, actor, now, body, params }) => ({
  body: await updateCycle(db, { ...body, cycleId: params.id, actor, now } as UpdateCycleInput),
}));

export const activateCycleEndpoint = endpoint<Id>("POST", async ({ db, actor, now, params }) => ({
  body: await activateCycle(db, { cycleId: params.id, actor, now }),
}));

export const cycleTreeEndpoint = endpoint<Id>("GET", async ({ db, actor, params, url }) => ({
  body: await getCycleTree(db, {
    actor,
    cycleId: params.id,
    includeArchived: url.searchParams.get("includeArchived") === "true",
  }),
}));

export const cycleRetrospectiveEndpoint = endpoint<Id>("GET", async ({ db, actor, params }) => ({
  body: await getRetrospective(db, { actor, cycleId: params.id }),
}));

// Objectives
export const createObjectiveEndpoint = endpoint("POST", async ({ db, actor, now, body }) => ({
  status: 201,
  body: await createObjective(db, { ...body, actor, now } as CreateObjectiveInput),
}));

export const getObjectiveEndpoint = endpoint<Id>("GET", async ({ db, actor, params }) => ({
  body: await getObjective(db, { actor, objectiveId: params.id }),
}));

export const updateObjectiveEndpoint = endpoint<Id>("PATCH", async ({ db, actor, now, body, params }) => ({
  body: await updateObjective(db, { ...body, objectiveId: params.id, actor, now } as UpdateObjectiveInput),
}));

export const archiveObjectiveEndpoint = endpoint<Id>("POST", async ({ db, actor, now, body, params }) => ({
  body: await archiveObjective(db, {
    version: body.version as number | undefined,
    objectiveId: params.id,
    actor,
    now,
  }),
}));

// Key results
export const createKeyResultEndpoint = endpoint("POST", async ({ db, actor, now, body }) => ({
  status: 201,
  body: await createKeyResult(db, { ...body, actor, now } as CreateKeyResultInput),
}));

export const getKeyResultEndpoint = endpoint<Id>("GET", async ({ db, actor, params }) => ({
  body: await getKeyResult(db, { actor, keyResultId: params.id }),
}));

export const updateKeyResultEndpoint = endpoint<Id>("PATCH", async ({ db, actor, now, body, params }) => ({
  body: await updateKeyResult(db, { ...body, keyResultId: params.id, actor, now } as UpdateKeyResultInput),
}));

/**
 * POST /api/v1/key-results/{id}/check-ins. With an `Idempotency-Key` header, a retry (same person,
 * same key, same request) records nothing new and answers the first answer again (with the header
 * `Idempotent-Replayed: true`); the same key with another request → 422 (src/server/idempotency.ts).
 */
export const checkInEndpoint = endpoint<Id>("POST", async ({ req, url, db, actor, now, body, params }) => {
  const run = async (tx: typeof db) => ({
    status: 201,
    body: await checkIn(tx, { source: "api", ...body, keyResultId: params.id, actor, now } as CheckInInput),
  });
  const key = parseIdempotencyKey(req.headers.get("idempotency-key"));
  if (key === null) return run(db);
  const answer = await withIdempotency(db, {
    actor,
    key,
    now,
    fingerprint: requestFingerprint(req.method, url.pathname, body),
    write: run,
  });
  return {
    status: answer.status,
    body: answer.body,
    headers: answer.replayed ? { "idempotent-replayed": "true" } : undefined,
  };
});

// Health
export const healthEndpoint = endpoint("GET", async ({ db, actor, now, url }) => ({
  body: await getHealth(db, { actor, now, cycleId: url.searchParams.get("cycleId") ?? undefined }),
}));

/** GET /api/v1/cycles/{id}/health: the cycle's health dashboard (the figures of the home page). */
export const cycleHealthEndpoint = endpoint<Id>("GET", async ({ db, actor, now, params }) => {
  const dashboard = await getDashboard(db, { actor, now, cycleId: params.id });
  return {
    body: {
      organisationName: dashboard.organisationName,
      timeZone: dashboard.timeZone,
      ...dashboard.current,
    },
  };
});
