/**
 * The /api/v1 reference: one list of operations (API_OPERATIONS) with their request and response
 * schemas in zod, from which `buildOpenApiDocument` makes the OpenAPI 3.1 document served at
 * GET /api/v1/openapi.json (z.toJSONSchema) and the /api-docs page renders its readable form.
 * Request schemas are the use cases' own input schemas (src/server/inputs.ts), minus the ids the
 * path supplies; response schemas describe the documented fields (answers may carry more).
 */
import { z } from "zod";
import {
  archiveObjectiveSchema,
  checkInSchema,
  createCycleSchema,
  createKeyResultSchema,
  createObjectiveSchema,
  updateCycleSchema,
  updateKeyResultSchema,
  updateObjectiveSchema,
} from "./inputs";

export type HttpMethod = "get" | "post" | "patch";
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422;

export type ApiParameter = {
  name: string;
  in: "path" | "query" | "header";
  description: string;
  required: boolean;
  schema: z.ZodType;
  example?: string;
};

export type ApiOperation = {
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/v1/key-results/{id}. */
  path: string;
  operationId: string;
  tag: "Cycles" | "Objectives" | "Key results" | "Health" | "Reference";
  summary: string;
  description: string;
  /** "none": no token or session needed; "read": any token; "write": a write-scope token. */
  access: "none" | "read" | "write";
  parameters: ApiParameter[];
  request?: { schema: z.ZodType; example: Record<string, unknown> };
  response: { status: number; description: string; schema: z.ZodType; example: unknown };
  errors: ErrorStatus[];
};

// ---------------------------------------------------------------------------------------------
// Shared pieces

const EX = {
  cycle: "0f9b6c1e-3a52-4d7e-9d3b-1c2a7e4f5b60",
  objective: "5a1f2e3d-4c5b-4a69-8877-665544332211",
  parentObjective: "7d3c2b1a-0f9e-4d8c-b7a6-958473625140",
  keyResult: "9e8d7c6b-5a49-4382-a1f0-e9d8c7b6a5f4",
  user: "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901",
  team: "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
  checkIn: "4f5e6d7c-8b9a-4a0b-9c1d-2e3f4a5b6c7d",
};
const AT = "2026-08-03T08:00:00.000Z";

const id = z.string().meta({ format: "uuid" });
const level = z.enum(["COMPANY", "TEAM", "INDIVIDUAL"]);
const objectiveStatus = z.enum(["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED"]);
const krStatus = z.enum(["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED", "DROPPED"]);
const cycleStatus = z.enum(["DRAFT", "ACTIVE", "COMPLETED"]);
const krKind = z.enum(["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"]);
const date = z.iso.date();
const instant = z.iso.datetime();
const percent = z.number().min(0).max(100);

/** Every error answer: `{"error": {"code", "message", "fields", "current"?}}`. */
export const errorSchema = z.object({
  error: z.object({
    code: z.enum([
      "BAD_INPUT",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "NOT_FOUND",
      "CONFLICT",
      "UNPROCESSABLE",
      "RATE_LIMITED",
      "INTERNAL",
    ]),
    message: z.string().meta({ description: "A sentence for people." }),
    fields: z
      .record(z.string(), z.array(z.string()))
      .meta({ description: "Field name → messages (BAD_INPUT); `_body` for the body itself." }),
    current: z.unknown().optional().meta({ description: "CONFLICT: the row as it now is." }),
  }),
});

export const ERRORS: Record<ErrorStatus, { code: string; description: string; message: string }> = {
  400: {
    code: "BAD_INPUT",
    description:
      "Malformed request: not JSON, wrong Content-Type, or invalid fields (each named in `fields`).",
    message: "Please check: value.",
  },
  401: {
    code: "UNAUTHENTICATED",
    description: "No session and no bearer token, or the token is unknown, revoked or expired.",
    message: "The API token is unknown, revoked or expired.",
  },
  403: {
    code: "FORBIDDEN",
    description:
      "Not allowed: the permission rules refuse, a read-scope token tried to write, or a cross-site browser write.",
    message: "This token can only read. Create a token with the write scope.",
  },
  404: {
    code: "NOT_FOUND",
    description: "No such item (or a malformed id).",
    message: "That key result was not found.",
  },
  409: {
    code: "CONFLICT",
    description: "The `version` sent is stale; `current` holds the row as it now is.",
    message: "Someone else changed this key result meanwhile. Review the current values and try again.",
  },
  422: {
    code: "UNPROCESSABLE",
    description:
      "Understood but not possible now: e.g. the cycle is closed, the key result was dropped, or an Idempotency-Key was reused for a different request.",
    message:
      "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
  },
};

const cycle = z.object({
  id,
  name: z.string(),
  startDate: date,
  endDate: date,
  status: cycleStatus,
  closedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});

const cycleSummary = z.object({
  id,
  name: z.string(),
  startDate: date,
  endDate: date,
  status: cycleStatus,
  closedAt: instant.nullable(),
  objectiveCount: z.int(),
});

const objective = z.object({
  id,
  cycleId: id,
  parentId: id.nullable(),
  title: z.string(),
  description: z.string(),
  level,
  ownerUserId: id.nullable(),
  ownerTeamId: id.nullable(),
  status: objectiveStatus,
  progress: percent,
  expectedProgress: percent,
  statusReason: z.string(),
  archived: z.boolean(),
  version: z.int(),
  createdAt: instant,
  updatedAt: instant,
});

const owner = z.object({ kind: z.enum(["user", "team"]), id, name: z.string() });
const objectiveSummary = z.object({
  id,
  title: z.string(),
  level,
  status: objectiveStatus,
  progress: percent,
  expectedProgress: percent,
  statusReason: z.string(),
  owner,
});

const keyResult = z.object({
  id,
  objectiveId: id,
  ownerUserId: id,
  title: z.string(),
  kind: krKind,
  startValue: z.number(),
  targetValue: z.number(),
  currentValue: z.number(),
  unit: z.string(),
  weight: z.number(),
  confidence: z.int().min(1).max(10),
  status: krStatus,
  progress: percent,
  expectedProgress: percent,
  statusReason: z.string(),
  stale: z.boolean(),
  lastCheckInAt: instant.nullable(),
  autoUpdate: z.boolean().meta({ description: "Fed by another system through the API." }),
  version: z.int(),
  createdAt: instant,
  updatedAt: instant,
});

const keyResultView = z.object({
  id,
  objectiveId: id,
  title: z.string(),
  kind: krKind,
  startValue: z.number(),
  targetValue: z.number(),
  currentValue: z.number(),
  unit: z.string(),
  weight: z.number(),
  confidence: z.int(),
  owner: z.object({ id, name: z.string() }),
  status: krStatus,
  statusReason: z.string(),
  progress: percent,
  expectedProgress: percent,
  stale: z.boolean(),
  lastCheckInAt: instant.nullable(),
  version: z.int(),
  checkpoints: z.array(z.object({ date, plannedValue: z.number() })),
  history: z.array(z.object({ id, newValue: z.number(), note: z.string(), createdAt: instant }).loose()),
  points: z.array(z.object({ at: instant, value: z.number() })),
});

const checkInResult = z.object({
  checkIn: z.object({
    id,
    keyResultId: id,
    previousValue: z.number(),
    newValue: z.number(),
    confidence: z.int().nullable(),
    note: z.string(),
    source: z.enum(["web", "email", "api", "import"]),
    createdAt: instant,
  }),
  keyResult: z.object({
    id,
    currentValue: z.number(),
    confidence: z.int(),
    status: krStatus,
    statusReason: z.string(),
    progress: percent,
    expectedProgress: percent,
    stale: z.boolean(),
  }),
  objective: z.object({ id, status: objectiveStatus, statusReason: z.string(), progress: percent }),
});

const treeObjective = objectiveSummary.extend({
  parentId: id.nullable(),
  parentInTree: z.boolean(),
  teamId: id.nullable(),
  teamIds: z.array(id),
  krCount: z.int(),
  krCompleted: z.int(),
  archived: z.boolean(),
  version: z.int(),
});

const healthObjective = z.object({
  id,
  title: z.string(),
  level,
  ownerName: z.string(),
  status: objectiveStatus,
  progress: percent,
  expectedProgress: percent,
  statusReason: z.string(),
  krCount: z.int(),
  krCompleted: z.int(),
});

const health = z.object({
  organisationName: z.string(),
  cycle: z.object({
    id,
    name: z.string(),
    startDate: date,
    endDate: date,
    status: cycleStatus,
    day: z.int(),
    totalDays: z.int(),
    daysRemaining: z.int(),
  }),
  objectives: z.object({ total: z.int(), byStatus: z.record(z.string(), z.int()) }),
  keyResults: z.object({
    total: z.int(),
    averageProgress: z.number(),
    byStatus: z.record(z.string(), z.int()),
    stale: z.int(),
  }),
  atRisk: z.array(healthObjective),
  companyObjectives: z.array(healthObjective),
});

/** Drops path-supplied ids from an input schema (documentation only: refinements still run server-side). */
function body<S extends z.ZodObject>(schema: S, ...omit: string[]): z.ZodObject {
  const shape = Object.fromEntries(Object.entries(schema.shape).filter(([k]) => !omit.includes(k)));
  return z.object(shape as z.ZodRawShape);
}

const idParam = (what: string): ApiParameter => ({
  name: "id",
  in: "path",
  description: `The ${what}'s id (a UUID).`,
  required: true,
  schema: id,
  example:
    what === "cycle"
      ? EX.cycle
      : what === "objective"
        ? EX.objective
        : what === "key result"
          ? EX.keyResult
          : EX.cycle,
});

const exampleCycle = {
  id: EX.cycle,
  name: "Q3 2026",
  startDate: "2026-07-01",
  endDate: "2026-09-30",
  status: "ACTIVE",
  closedAt: null,
  createdAt: AT,
  updatedAt: AT,
};
const exampleObjective = {
  id: EX.objective,
  cycleId: EX.cycle,
  parentId: EX.parentObjective,
  title: "Make onboarding effortless",
  description: "",
  level: "TEAM",
  ownerUserId: null,
  ownerTeamId: EX.team,
  status: "ON_TRACK",
  progress: 42,
  expectedProgress: 38,
  statusReason: "42% done, 38% expected by now.",
  archived: false,
  version: 2,
  createdAt: AT,
  updatedAt: AT,
};
const exampleKeyResult = {
  id: EX.keyResult,
  objectiveId: EX.objective,
  ownerUserId: EX.user,
  title: "Weekly active teams",
  kind: "INCREASE",
  startValue: 120,
  targetValue: 200,
  currentValue: 154,
  unit: "teams",
  weight: 1,
  confidence: 7,
  status: "ON_TRACK",
  progress: 42.5,
  expectedProgress: 38,
  statusReason: "42% done, 38% expected by now.",
  stale: false,
  lastCheckInAt: AT,
  autoUpdate: true,
  version: 3,
  createdAt: AT,
  updatedAt: AT,
};
const exampleSummary = {
  id: EX.objective,
  title: "Make onboarding effortless",
  level: "TEAM",
  status: "ON_TRACK",
  progress: 42,
  expectedProgress: 38,
  statusReason: "42% done, 38% expected by now.",
  owner: { kind: "team", id: EX.team, name: "Platform" },
};
const exampleHealth = {
  organisationName: "Acme",
  cycle: {
    id: EX.cycle,
    name: "Q3 2026",
    startDate: "2026-07-01",
    endDate: "2026-09-30",
    status: "ACTIVE",
    day: 34,
    totalDays: 92,
    daysRemaining: 58,
  },
  objectives: { total: 12, byStatus: { ON_TRACK: 8, AT_RISK: 3, OFF_TRACK: 1, COMPLETED: 0 } },
  keyResults: {
    total: 31,
    averageProgress: 36.2,
    byStatus: { ON_TRACK: 20, AT_RISK: 7, OFF_TRACK: 3, COMPLETED: 1, DROPPED: 0 },
    stale: 4,
  },
  atRisk: [],
  companyObjectives: [],
};

// ---------------------------------------------------------------------------------------------
// The operations

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/cycles",
    operationId: "listCycles",
    tag: "Cycles",
    summary: "List cycles",
    description: "Every cycle, with its status and number of objectives.",
    access: "read",
    parameters: [],
    response: {
      status: 200,
      description: "The cycles.",
      schema: z.object({ cycles: z.array(cycleSummary) }),
      example: {
        cycles: [{ ...exampleCycle, objectiveCount: 12 }].map(({ createdAt, updatedAt, ...c }) => c),
      },
    },
    errors: [401],
  },
  {
    method: "post",
    path: "/api/v1/cycles",
    operationId: "createCycle",
    tag: "Cycles",
    summary: "Create a cycle",
    description: "Plans a new cycle as a DRAFT. Admins only.",
    access: "write",
    parameters: [],
    request: {
      schema: createCycleSchema,
      example: { name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" },
    },
    response: {
      status: 201,
      description: "The new cycle.",
      schema: cycle,
      example: {
        ...exampleCycle,
        name: "Q4 2026",
        startDate: "2026-10-01",
        endDate: "2026-12-31",
        status: "DRAFT",
      },
    },
    errors: [400, 401, 403],
  },
  {
    method: "patch",
    path: "/api/v1/cycles/{id}",
    operationId: "updateCycle",
    tag: "Cycles",
    summary: "Update a cycle",
    description: "Renames a cycle or moves its dates. Admins only.",
    access: "write",
    parameters: [idParam("cycle")],
    request: {
      schema: body(updateCycleSchema, "cycleId"),
      example: { name: "Q3 2026 (extended)", endDate: "2026-10-07" },
    },
    response: { status: 200, description: "The cycle as saved.", schema: cycle, example: exampleCycle },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "post",
    path: "/api/v1/cycles/{id}/activate",
    operationId: "activateCycle",
    tag: "Cycles",
    summary: "Activate a cycle",
    description: "Moves a DRAFT cycle to ACTIVE. Admins only. No body.",
    access: "write",
    parameters: [idParam("cycle")],
    response: { status: 200, description: "The active cycle.", schema: cycle, example: exampleCycle },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "get",
    path: "/api/v1/cycles/{id}/tree",
    operationId: "getCycleTree",
    tag: "Cycles",
    summary: "A cycle's objective tree",
    description: "Every objective of the cycle with its parent, owner, status and progress.",
    access: "read",
    parameters: [
      idParam("cycle"),
      {
        name: "includeArchived",
        in: "query",
        description: "`true` to include archived objectives.",
        required: false,
        schema: z.enum(["true", "false"]),
        example: "false",
      },
    ],
    response: {
      status: 200,
      description: "The cycle and its objectives.",
      schema: z.object({
        cycle: z.object({ id, name: z.string(), startDate: date, endDate: date, status: cycleStatus }),
        objectives: z.array(treeObjective),
      }),
      example: {
        cycle: {
          id: EX.cycle,
          name: "Q3 2026",
          startDate: "2026-07-01",
          endDate: "2026-09-30",
          status: "ACTIVE",
        },
        objectives: [
          {
            ...exampleSummary,
            parentId: EX.parentObjective,
            parentInTree: true,
            teamId: EX.team,
            teamIds: [EX.team],
            krCount: 3,
            krCompleted: 0,
            archived: false,
            version: 2,
          },
        ],
      },
    },
    errors: [401, 404],
  },
  {
    method: "get",
    path: "/api/v1/cycles/{id}/health",
    operationId: "getCycleHealthDashboard",
    tag: "Cycles",
    summary: "A cycle's health dashboard",
    description:
      "The figures of the home page for this cycle: statuses, check-in rate, movers, stale key results.",
    access: "read",
    parameters: [idParam("cycle")],
    response: {
      status: 200,
      description: "The dashboard figures.",
      schema: z.object({ organisationName: z.string(), timeZone: z.string() }).loose(),
      example: {
        organisationName: "Acme",
        timeZone: "Europe/Berlin",
        cycle: { id: EX.cycle, name: "Q3 2026" },
      },
    },
    errors: [401, 404],
  },
  {
    method: "get",
    path: "/api/v1/cycles/{id}/retrospective",
    operationId: "getCycleRetrospective",
    tag: "Cycles",
    summary: "A closed cycle's retrospective",
    description: "Grades, outcomes, calibration and learnings of a COMPLETED cycle.",
    access: "read",
    parameters: [idParam("cycle")],
    response: {
      status: 200,
      description: "The retrospective report.",
      schema: z
        .object({
          version: z.literal(1),
          cycle: z.object({
            id,
            name: z.string(),
            startDate: date,
            endDate: date,
            closedAt: instant,
            weeks: z.int(),
          }),
          summary: z.record(z.string(), z.number().nullable()),
        })
        .loose(),
      example: {
        version: 1,
        cycle: {
          id: EX.cycle,
          name: "Q2 2026",
          startDate: "2026-04-01",
          endDate: "2026-06-30",
          closedAt: "2026-07-01T00:00:00.000Z",
          weeks: 13,
        },
        summary: { keyResults: 30, completedKeyResults: 21, krCompletionRate: 0.7, averageKrGrade: 0.68 },
      },
    },
    errors: [401, 404, 422],
  },
  {
    method: "post",
    path: "/api/v1/objectives",
    operationId: "createObjective",
    tag: "Objectives",
    summary: "Create an objective",
    description:
      "Company objectives: admins. Team objectives: the team's lead (or an admin). Individual objectives: for yourself.",
    access: "write",
    parameters: [],
    request: {
      schema: createObjectiveSchema,
      example: {
        cycleId: EX.cycle,
        title: "Make onboarding effortless",
        level: "TEAM",
        ownerTeamId: EX.team,
        parentId: EX.parentObjective,
      },
    },
    response: {
      status: 201,
      description: "The new objective.",
      schema: objective,
      example: { ...exampleObjective, version: 1 },
    },
    errors: [400, 401, 403, 422],
  },
  {
    method: "get",
    path: "/api/v1/objectives/{id}",
    operationId: "getObjective",
    tag: "Objectives",
    summary: "Get an objective",
    description: "The objective with its cycle, parent, children and key results.",
    access: "read",
    parameters: [idParam("objective")],
    response: {
      status: 200,
      description: "The objective.",
      schema: z.object({
        objective,
        cycle: z.object({ id, name: z.string(), startDate: date, endDate: date, status: cycleStatus }),
        parent: objectiveSummary.nullable(),
        children: z.array(objectiveSummary),
        keyResults: z.array(keyResultView),
      }),
      example: {
        objective: { ...exampleObjective, owner: exampleSummary.owner },
        cycle: {
          id: EX.cycle,
          name: "Q3 2026",
          startDate: "2026-07-01",
          endDate: "2026-09-30",
          status: "ACTIVE",
        },
        parent: null,
        children: [],
        keyResults: [],
      },
    },
    errors: [401, 404],
  },
  {
    method: "patch",
    path: "/api/v1/objectives/{id}",
    operationId: "updateObjective",
    tag: "Objectives",
    summary: "Update an objective",
    description: "Send the `version` you edited; a stale version answers 409 with the current objective.",
    access: "write",
    parameters: [idParam("objective")],
    request: {
      schema: body(updateObjectiveSchema, "objectiveId"),
      example: { version: 2, title: "Make onboarding effortless for every team" },
    },
    response: {
      status: 200,
      description: "The objective as saved.",
      schema: objective,
      example: exampleObjective,
    },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: "post",
    path: "/api/v1/objectives/{id}/archive",
    operationId: "archiveObjective",
    tag: "Objectives",
    summary: "Archive an objective",
    description: "Hides the objective from the tree. `version` is optional.",
    access: "write",
    parameters: [idParam("objective")],
    request: { schema: body(archiveObjectiveSchema, "objectiveId"), example: { version: 2 } },
    response: {
      status: 200,
      description: "The archived objective.",
      schema: objective,
      example: { ...exampleObjective, archived: true, version: 3 },
    },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: "post",
    path: "/api/v1/key-results",
    operationId: "createKeyResult",
    tag: "Key results",
    summary: "Create a key result",
    description:
      "Adds a key result to an objective (the objective's owners or an admin). `autoUpdate: true` marks one fed by a script through the API.",
    access: "write",
    parameters: [],
    request: {
      schema: createKeyResultSchema,
      example: {
        objectiveId: EX.objective,
        title: "Weekly active teams",
        kind: "INCREASE",
        startValue: 120,
        targetValue: 200,
        unit: "teams",
        autoUpdate: true,
      },
    },
    response: {
      status: 201,
      description: "The new key result.",
      schema: keyResult,
      example: { ...exampleKeyResult, currentValue: 120, version: 1, lastCheckInAt: null },
    },
    errors: [400, 401, 403, 422],
  },
  {
    method: "get",
    path: "/api/v1/key-results/{id}",
    operationId: "getKeyResult",
    tag: "Key results",
    summary: "Get a key result",
    description: "The key result with its checkpoints, check-in history, objective and cycle.",
    access: "read",
    parameters: [idParam("key result")],
    response: {
      status: 200,
      description: "The key result.",
      schema: keyResultView.extend({
        objective: z.object({ id, title: z.string(), level: z.string(), archived: z.boolean() }),
        cycle: z.object({ id, name: z.string(), startDate: date, endDate: date, status: z.string() }),
      }),
      example: {
        ...exampleKeyResult,
        owner: { id: EX.user, name: "Mia Member" },
        checkpoints: [],
        history: [],
        points: [],
        objective: { id: EX.objective, title: "Make onboarding effortless", level: "TEAM", archived: false },
        cycle: {
          id: EX.cycle,
          name: "Q3 2026",
          startDate: "2026-07-01",
          endDate: "2026-09-30",
          status: "ACTIVE",
        },
      },
    },
    errors: [401, 404],
  },
  {
    method: "patch",
    path: "/api/v1/key-results/{id}",
    operationId: "updateKeyResult",
    tag: "Key results",
    summary: "Update a key result",
    description:
      "Send the `version` you edited; a stale version answers 409 with the current key result. `autoUpdate` can be switched on or off.",
    access: "write",
    parameters: [idParam("key result")],
    request: {
      schema: body(updateKeyResultSchema, "keyResultId"),
      example: { version: 3, targetValue: 220, autoUpdate: true },
    },
    response: {
      status: 200,
      description: "The key result as saved.",
      schema: keyResult,
      example: { ...exampleKeyResult, targetValue: 220, version: 4 },
    },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: "post",
    path: "/api/v1/key-results/{id}/check-ins",
    operationId: "checkIn",
    tag: "Key results",
    summary: "Check in on a key result",
    description:
      "Records a new value (and optionally confidence and a note); the key result and its objective are re-evaluated. " +
      "Send an `Idempotency-Key` header to make retries safe: a retry with the same key and the same body records nothing " +
      "new and answers the first answer again (with `Idempotent-Replayed: true`); the same key with a different body answers 422. " +
      "Keys are per person; only successful answers are remembered.",
    access: "write",
    parameters: [
      idParam("key result"),
      {
        name: "Idempotency-Key",
        in: "header",
        description:
          "Optional. 1–200 visible ASCII characters, unique per intended check-in (e.g. `sales-2026-08-03`).",
        required: false,
        schema: z.string().min(1).max(200),
        example: "weekly-active-teams-2026-08-03",
      },
    ],
    request: {
      schema: body(checkInSchema, "keyResultId").extend({ source: checkInSchema.shape.source.optional() }),
      example: { value: 154, confidence: 7, note: "Nightly import from the warehouse." },
    },
    response: {
      status: 201,
      description: "The check-in, and the key result and objective after re-evaluation.",
      schema: checkInResult,
      example: {
        checkIn: {
          id: EX.checkIn,
          keyResultId: EX.keyResult,
          previousValue: 149,
          newValue: 154,
          confidence: 7,
          note: "Nightly import from the warehouse.",
          source: "api",
          createdAt: AT,
        },
        keyResult: {
          id: EX.keyResult,
          currentValue: 154,
          confidence: 7,
          status: "ON_TRACK",
          statusReason: "42% done, 38% expected by now.",
          progress: 42.5,
          expectedProgress: 38,
          stale: false,
        },
        objective: { id: EX.objective, status: "ON_TRACK", statusReason: "On track.", progress: 42 },
      },
    },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "get",
    path: "/api/v1/health",
    operationId: "getHealth",
    tag: "Health",
    summary: "Health of a cycle",
    description:
      "Status counts, average progress, stale key results and objectives at risk; the active cycle by default.",
    access: "read",
    parameters: [
      {
        name: "cycleId",
        in: "query",
        description: "A cycle's id; defaults to the active cycle.",
        required: false,
        schema: id,
        example: EX.cycle,
      },
    ],
    response: { status: 200, description: "The health figures.", schema: health, example: exampleHealth },
    errors: [401, 404],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Reference",
    summary: "This API's OpenAPI document",
    description: "The OpenAPI 3.1 description of /api/v1. No token needed.",
    access: "none",
    parameters: [],
    response: {
      status: 200,
      description: "The OpenAPI 3.1 document.",
      schema: z
        .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) })
        .loose(),
      example: { openapi: "3.1.0", info: { title: "Cairn API", version: "1" } },
    },
    errors: [],
  },
];

// ---------------------------------------------------------------------------------------------
// zod → JSON Schema

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), inline. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; in?: Def; out?: Def } } })._zod
        .def;
      // finiteNumber(): a JSON number (numeric strings from forms are accepted too).
      if (
        def.type === "pipe" &&
        def.in?._zod.def.type === "unknown" &&
        def.out?._zod.def.type === "transform"
      ) {
        ctx.jsonSchema.type = "number";
      }
      if (def.type === "pipe" && def.out?._zod.def.type === "number") {
        const { $schema: _, ...number } = z.toJSONSchema(def.out as unknown as z.ZodType) as Json;
        Object.assign(ctx.jsonSchema, number);
      }
    },
  }) as Json;
  const { $schema: _, ...rest } = out;
  return annotate(rest);
}
type Def = { _zod: { def: { type: string } } };

/** Formats zod's refinements cannot express: ids are UUIDs, *Date fields are dates. */
function annotate(schema: Json): Json {
  const props = schema.properties as Record<string, Json> | undefined;
  if (props) {
    for (const [name, prop] of Object.entries(props)) {
      if (prop.type === "string" && !prop.format && !prop.enum) {
        if (/(^id|Id)$/.test(name)) prop.format = "uuid";
        else if (/^(date|startDate|endDate)$/.test(name)) prop.format = "date";
      }
      annotate(prop);
    }
  }
  if (schema.items && typeof schema.items === "object") annotate(schema.items as Json);
  return schema;
}

function errorResponse(status: ErrorStatus): Json {
  const e = ERRORS[status];
  return {
    description: e.description,
    content: {
      "application/json": {
        schema: { $ref: "#/components/schemas/Error" },
        example: {
          error: {
            code: e.code,
            message: e.message,
            fields:
              status === 400
                ? { value: ["Enter the new value as a finite number (not text, NaN or infinity)."] }
                : {},
          },
        },
      },
    },
  };
}

export type OpenApiDocument = Json & { openapi: "3.1.0"; paths: Record<string, Record<string, Json>> };

/** The OpenAPI 3.1 document of /api/v1. */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}): OpenApiDocument {
  const components: Json = { Error: jsonSchema(errorSchema, "output") };
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of API_OPERATIONS) {
    const responses: Json = {
      [String(op.response.status)]: {
        description: op.response.description,
        content: {
          "application/json": {
            schema: jsonSchema(op.response.schema, "output"),
            example: op.response.example,
          },
        },
      },
    };
    for (const status of op.errors) responses[String(status)] = errorResponse(status);
    const operation: Json = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: `${op.description}\n\nNeeds: ${ACCESS_TEXT[op.access]}.`,
      parameters: op.parameters.map((p) => ({
        name: p.name,
        in: p.in,
        description: p.description,
        required: p.required,
        schema: jsonSchema(p.schema, "input"),
        ...(p.example === undefined ? {} : { example: p.example }),
      })),
      responses,
      security: op.access === "none" ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    };
    if (op.request) {
      operation.requestBody = {
        required: true,
        content: {
          "application/json": {
            schema: jsonSchema(op.request.schema, "input"),
            example: op.request.example,
          },
        },
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Cairn API",
      version: "1",
      description:
        "Cairn's JSON API. Authenticate with a personal API token (`Authorization: Bearer cairn_…`, created at /settings/tokens) " +
        "or, from the browser, with the session cookie. A token acts as its person with the same permissions; a read-scope " +
        'token may only GET. Every error answers `{"error": {"code", "message", "fields"}}`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: "Cycles" },
      { name: "Objectives" },
      { name: "Key results" },
      { name: "Health" },
      { name: "Reference" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description:
            "A personal API token (`cairn_…`). Read scope: GET only; write scope: everything its person may do.",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "better-auth.session_token",
          description: "The web app's session (browsers only; cross-site writes are refused).",
        },
      },
    },
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
  };
}

const ACCESS_TEXT: Record<ApiOperation["access"], string> = {
  none: "nothing (public)",
  read: "a read or write token, or a session",
  write: "a write-scope token, or a session",
};
