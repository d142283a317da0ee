/**
 * The bad-input sweep of the JSON API: every /api/v1 route module's exported handlers (GET, POST,
 * PATCH), called with a real Request, a real session cookie or API token, the real wrapper and the
 * test database. Each case is malformed (tests/helpers/malformed.ts) and must be answered 4xx with a
 * JSON error — naming the field at fault where one is — never 5xx, nothing logged as unexpected, and
 * the database fingerprint (every table) unchanged.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as cycleActivate from "../../src/app/api/v1/cycles/[id]/activate/route";
import * as cycleHealth from "../../src/app/api/v1/cycles/[id]/health/route";
import * as cycleRetro from "../../src/app/api/v1/cycles/[id]/retrospective/route";
import * as cycleOne from "../../src/app/api/v1/cycles/[id]/route";
import * as cycleTree from "../../src/app/api/v1/cycles/[id]/tree/route";
import * as cycles from "../../src/app/api/v1/cycles/route";
import * as health from "../../src/app/api/v1/health/route";
import * as krCheckIns from "../../src/app/api/v1/key-results/[id]/check-ins/route";
import * as krOne from "../../src/app/api/v1/key-results/[id]/route";
import * as krs from "../../src/app/api/v1/key-results/route";
import * as objArchive from "../../src/app/api/v1/objectives/[id]/archive/route";
import * as objOne from "../../src/app/api/v1/objectives/[id]/route";
import * as objs from "../../src/app/api/v1/objectives/route";
import * as openapi from "../../src/app/api/v1/openapi.json/route";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { changedTables, type Fingerprint, fingerprint } from "../helpers/fingerprint";
import {
  allFaults,
  applyFault,
  type Bad,
  bearerFaults,
  type Fault,
  type FieldSpec,
  faultArbitrary,
  HTML_PAYLOADS,
  MALFORMED_UUIDS,
  ODD_UNICODE,
  SEED,
  SQL_PAYLOADS,
  type TransportFault,
  transportFaults,
  UNKNOWN_UUID,
  UNSTORABLE,
} from "../helpers/malformed";
import { uninstallDatabase } from "../helpers/request-scope";
import {
  buildSweepWorld,
  expectUnchanged,
  type SweepWorld,
  Tally,
  trapConsoleError,
  wrongIds,
} from "../helpers/sweep";

vi.mock("next/headers", async () => (await import("../helpers/request-scope")).nextHeaders);
vi.mock("next/cache", async () => (await import("../helpers/request-scope")).nextCache);

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Who = "admin" | "lead" | "member" | "other";

let h: TestDb;
let w: SweepWorld;
const baseline = { current: {} as Fingerprint };
const tally = new Tally();
const trap = { current: null as ReturnType<typeof trapConsoleError> | null };

beforeAll(async () => {
  h = await createTestDb();
  w = await buildSweepWorld(h);
  baseline.current = await fingerprint(h.db);
  trap.current = trapConsoleError();
});
afterAll(async () => {
  trap.current?.restore();
  console.log(tally.report(`bad-input sweep, /api/v1 on ${dialectName} (seed ${SEED})`));
  uninstallDatabase();
  await h?.close();
});

type Call = {
  handler: Handler;
  method: string;
  path: string;
  id?: string;
  who?: Who | null;
  headers?: Record<string, string>;
  body?: string | FormData | URLSearchParams | Blob;
};

/** Parsed response JSON, read field by field in the checks. */
// biome-ignore lint/suspicious/noExplicitAny: response JSON is asserted field by field.
type Json = any;

async function call(c: Call): Promise<{ status: number; json: Json; text: string }> {
  const headers = new Headers({ host: "cairn.test" });
  if (c.who) headers.set("cookie", w.cookies[c.who]);
  for (const [k, v] of Object.entries(c.headers ?? {})) headers.set(k, v);
  const req = new Request(`http://cairn.test${c.path}`, { method: c.method, headers, body: c.body });
  const res = await c.handler(req, {
    params: Promise.resolve<Record<string, string>>(c.id === undefined ? {} : { id: c.id }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Checked by the caller.
  }
  return { status: res.status, json, text };
}

/** Runs one case and checks the common promises; returns the answer for extra checks. */
async function check(
  target: string,
  label: string,
  c: Call,
  expected: { status?: number; field?: string } = {},
) {
  const r = await call(c);
  tally.add(target, r.status);
  const logged = trap.current?.take() ?? [];
  const where = `${target} ← ${label} → ${r.status} ${r.text.slice(0, 300)}`;
  // The database first: the baseline moves on even when the answer is also wrong.
  await expectUnchanged(h, baseline, where);
  expect(r.status, where).toBeGreaterThanOrEqual(400);
  expect(r.status, where).toBeLessThan(500);
  if (expected.status) expect(r.status, where).toBe(expected.status);
  expect(r.json?.error?.code, where).toMatch(/^[A-Z_]+$/);
  expect(typeof r.json?.error?.message, where).toBe("string");
  if (expected.field) {
    const keys = Object.keys(r.json?.error?.fields ?? {});
    expect(
      keys.some((k) => k === expected.field || k.startsWith(`${expected.field}.`)),
      `${where}: fields ${JSON.stringify(keys)} do not name ${expected.field}`,
    ).toBe(true);
  }
  expect(logged, `${where}: logged an unexpected error`).toEqual([]);
  return r;
}

/** A path segment for any string (lone surrogates cannot be percent-encoded; the params carry the id). */
function segment(id: string): string {
  try {
    return encodeURIComponent(id);
  } catch {
    return "bad-id";
  }
}

/** A wrong-type or unknown id: any 4xx. Any other bad value: 400 naming the field (or _body when too large). */
function expectationOf(fault: Fault, pathField?: string): { status?: number; field?: string } {
  if (/^(wrong-type id|unknown uuid)/.test(fault.bad.label)) return {};
  if (fault.field === pathField) return {};
  if (fault.bad.label === "1 MiB string" || fault.bad.label === "[1 MiB]")
    return { status: 400, field: "_body" };
  return { status: 400, field: fault.field };
}

// ---------------------------------------------------------------------------------------------
// Targets

type WriteTarget = {
  name: string;
  handler: () => Handler;
  method: "POST" | "PATCH";
  path: (id: string) => string;
  /** The valid path id (for /{id} routes). */
  id?: () => string;
  pathKind?: keyof SweepWorld["ids"];
  who: Who;
  base: () => Record<string, unknown>;
  fields: () => Record<string, FieldSpec>;
  freeText?: string[];
  /** Generated cases on top of the fixed corpus. */
  runs: number;
  /** Run every transport fault here (the wrapper is shared, so three targets carry the full list). */
  allTransport?: boolean;
};

const uuidField = (except: keyof SweepWorld["ids"], extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ kind: "uuid", wrongIds: wrongIds(w, except), ...extra }) as FieldSpec;

const writes: WriteTarget[] = [
  {
    name: "POST /api/v1/cycles",
    allTransport: true,
    handler: () => cycles.POST as Handler,
    method: "POST",
    path: () => "/api/v1/cycles",
    who: "admin",
    base: () => ({ name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" }),
    fields: () => ({
      name: { kind: "text", max: 80, min: 1, required: true },
      startDate: { kind: "date", required: true },
      endDate: { kind: "date", required: true },
    }),
    freeText: ["name"],
    runs: 13,
  },
  {
    name: "PATCH /api/v1/cycles/{id}",
    handler: () => cycleOne.PATCH as Handler,
    method: "PATCH",
    path: (id) => `/api/v1/cycles/${id}`,
    id: () => w.cycle.id,
    pathKind: "cycle",
    who: "admin",
    base: () => ({ name: "Q3 2026 (renamed)" }),
    fields: () => ({
      name: { kind: "text", max: 80, min: 1 },
      startDate: { kind: "date" },
      endDate: { kind: "date" },
    }),
    freeText: ["name"],
    runs: 10,
  },
  {
    name: "POST /api/v1/cycles/{id}/activate",
    handler: () => cycleActivate.POST as Handler,
    method: "POST",
    path: (id) => `/api/v1/cycles/${id}/activate`,
    id: () => w.cycle.id,
    pathKind: "cycle",
    who: "admin",
    base: () => ({}),
    fields: () => ({}),
    runs: 0,
  },
  {
    name: "POST /api/v1/objectives",
    handler: () => objs.POST as Handler,
    method: "POST",
    path: () => "/api/v1/objectives",
    who: "admin",
    base: () => ({ cycleId: w.cycle.id, title: "Delight customers", level: "COMPANY" }),
    fields: () => ({
      cycleId: uuidField("cycle", { required: true }),
      title: { kind: "text", max: 200, min: 1, required: true },
      description: { kind: "text", max: 5000 },
      level: { kind: "enum", values: ["COMPANY", "TEAM", "INDIVIDUAL"], required: true },
      ownerUserId: uuidField("user", { nullable: true }),
      ownerTeamId: uuidField("team", { nullable: true }),
      parentId: {
        kind: "uuid",
        nullable: true,
        wrongIds: [...wrongIds(w, "objective"), w.objectives.elsewhere.id],
      },
    }),
    freeText: ["title", "description"],
    runs: 16,
  },
  {
    name: "PATCH /api/v1/objectives/{id}",
    handler: () => objOne.PATCH as Handler,
    method: "PATCH",
    path: (id) => `/api/v1/objectives/${id}`,
    id: () => w.objectives.company.id,
    pathKind: "objective",
    who: "admin",
    base: () => ({ version: 1, title: "Win the market, again" }),
    fields: () => ({
      version: { kind: "number", int: true, min: 1, required: true },
      title: { kind: "text", max: 200, min: 1 },
      description: { kind: "text", max: 5000 },
      level: { kind: "enum", values: ["COMPANY", "TEAM", "INDIVIDUAL"] },
      ownerUserId: uuidField("user", { nullable: true }),
      ownerTeamId: uuidField("team", { nullable: true }),
      parentId: {
        kind: "uuid",
        nullable: true,
        wrongIds: [...wrongIds(w, "objective"), w.objectives.company.id, w.objectives.individual.id],
      },
    }),
    freeText: ["title", "description"],
    runs: 16,
  },
  {
    name: "POST /api/v1/objectives/{id}/archive",
    handler: () => objArchive.POST as Handler,
    method: "POST",
    path: (id) => `/api/v1/objectives/${id}/archive`,
    id: () => w.objectives.individual.id,
    pathKind: "objective",
    who: "member",
    base: () => ({ version: 1 }),
    fields: () => ({ version: { kind: "number", int: true, min: 1 } }),
    runs: 6,
  },
  {
    name: "POST /api/v1/key-results",
    handler: () => krs.POST as Handler,
    method: "POST",
    path: () => "/api/v1/key-results",
    who: "admin",
    base: () => ({
      objectiveId: w.objectives.company.id,
      title: "Net revenue",
      startValue: 0,
      targetValue: 10,
    }),
    fields: () => ({
      objectiveId: uuidField("objective", { required: true }),
      title: { kind: "text", max: 200, min: 1, required: true },
      kind: { kind: "enum", values: ["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"] },
      startValue: { kind: "number" },
      targetValue: { kind: "number" },
      unit: { kind: "text", max: 20 },
      weight: { kind: "number", min: 0, exclusiveMin: true, max: 100 },
      confidence: { kind: "number", int: true, min: 1, max: 10 },
      ownerUserId: uuidField("user", { nullable: true }),
      checkpoints: { kind: "checkpoints" },
      autoUpdate: { kind: "flag" },
    }),
    freeText: ["title", "unit"],
    runs: 20,
  },
  {
    name: "PATCH /api/v1/key-results/{id}",
    allTransport: true,
    handler: () => krOne.PATCH as Handler,
    method: "PATCH",
    path: (id) => `/api/v1/key-results/${id}`,
    id: () => w.keyResults.company.id,
    pathKind: "keyResult",
    who: "admin",
    base: () => ({ version: 1, title: "Revenue (net)" }),
    fields: () => ({
      version: { kind: "number", int: true, min: 1, required: true },
      title: { kind: "text", max: 200, min: 1 },
      kind: { kind: "enum", values: ["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"] },
      startValue: { kind: "number" },
      targetValue: { kind: "number" },
      unit: { kind: "text", max: 20 },
      weight: { kind: "number", min: 0, exclusiveMin: true, max: 100 },
      confidence: { kind: "number", int: true, min: 1, max: 10 },
      ownerUserId: uuidField("user"),
      checkpoints: { kind: "checkpoints" },
      autoUpdate: { kind: "flag" },
    }),
    freeText: ["title", "unit"],
    runs: 20,
  },
  {
    name: "POST /api/v1/key-results/{id}/check-ins",
    allTransport: true,
    handler: () => krCheckIns.POST as Handler,
    method: "POST",
    path: (id) => `/api/v1/key-results/${id}/check-ins`,
    id: () => w.keyResults.company.id,
    pathKind: "keyResult",
    who: "admin",
    base: () => ({ value: 5, confidence: 7, note: "On the way" }),
    fields: () => ({
      value: { kind: "number", required: true },
      confidence: { kind: "number", int: true, min: 1, max: 10 },
      note: { kind: "text", max: 2000 },
      source: { kind: "enum", values: ["web", "email", "api", "import"] },
    }),
    freeText: ["note"],
    runs: 20,
  },
];

/** Path ids that name nothing this route can use. */
function badPathIds(kind: keyof SweepWorld["ids"]): Bad[] {
  const labelled = (id: string, label: string) => ({ label, value: id }) as Bad;
  return [
    ...MALFORMED_UUIDS,
    ...SQL_PAYLOADS.slice(0, 3),
    ...HTML_PAYLOADS.slice(0, 2),
    ...ODD_UNICODE.slice(0, 3),
    ...UNSTORABLE.slice(0, 3),
    labelled(UNKNOWN_UUID, "unknown uuid"),
    labelled(UNKNOWN_UUID.toUpperCase().replace("4000", "4FFF"), "unknown uuid (upper case)"),
    ...wrongIds(w, kind).map((id) => labelled(id, `wrong-type id ${id.slice(0, 8)}`)),
  ];
}

describe(`the database fingerprint on ${dialectName}`, () => {
  it("sees an insert, an update and a delete in any table, and ignores only api_tokens.last_used_at", async () => {
    const before = await fingerprint(h.db);
    const run = (q: string) => h.db.execute(sql.raw(q));
    await run(`UPDATE users SET name = name || '!' WHERE id = '${w.users.other.id}'`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual(["users"]);
    await run(`UPDATE users SET name = left(name, -1) WHERE id = '${w.users.other.id}'`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    await run(`INSERT INTO rate_limits (key, window_started_at, count) VALUES ('probe', now(), 1)`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual(["rate_limits"]);
    await run(`DELETE FROM rate_limits WHERE key = 'probe'`);
    await run(`UPDATE api_tokens SET last_used_at = now()`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    await run(`UPDATE api_tokens SET name = name || '!'`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual(["api_tokens"]);
    await run(`UPDATE api_tokens SET name = left(name, -1), last_used_at = NULL`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(20);
  });
});

describe(`bad-input sweep: /api/v1 writes on ${dialectName}`, { timeout: 120_000 }, () => {
  for (const t of writes) {
    describe(t.name, () => {
      const path = () => t.path(t.id?.() ?? "");
      const jsonCall = (body: unknown, extra: Partial<Call> = {}): Call => ({
        handler: t.handler(),
        method: t.method,
        path: path(),
        id: t.id?.(),
        who: t.who,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        ...extra,
      });

      it("refuses every bad value of every field (fixed corpus)", async () => {
        for (const fault of allFaults(t.fields(), "json", 5)) {
          await check(
            t.name,
            `${fault.field}=${fault.bad.label}`,
            jsonCall(applyFault(t.base(), fault, t.freeText)),
            expectationOf(fault),
          );
        }
      });

      if (t.runs > 0)
        it(`refuses generated faults with noise (fast-check, seed ${SEED})`, async () => {
          await fc.assert(
            fc.asyncProperty(faultArbitrary(t.fields(), "json"), async (fault) => {
              await check(
                t.name,
                `${fault.field}=${fault.bad.label} ${fault.extra?.label ?? ""} ${fault.oddText?.label ?? ""}`,
                jsonCall(applyFault(t.base(), fault, t.freeText)),
                expectationOf(fault),
              );
            }),
            { seed: SEED, numRuns: t.runs, endOnFailure: true },
          );
        });

      it("refuses wrong content types, bad JSON, cross-site origins and bad credentials", async () => {
        // The wrapper is shared: every fault on the targets marked `allTransport`, every fourth on the others.
        const faults: TransportFault[] = transportFaults(t.base()).filter(
          (_, i) => t.allTransport || i % 4 === 0,
        );
        for (const f of faults) {
          const headers = f.headers ?? { "content-type": "application/json" };
          await check(
            t.name,
            f.label,
            {
              handler: t.handler(),
              method: t.method,
              path: path(),
              id: t.id?.(),
              who: f.noSession ? null : t.who,
              headers,
              body: f.body,
            },
            { status: f.status, field: f.field },
          );
        }
        // Credentials that authenticate but may not do this.
        const bearer = (token: string) => ({
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
        });
        const body = JSON.stringify(t.base());
        const refused: [string, Record<string, string>, number][] = [
          ["read-scope token on a write", bearer(w.tokens.adminRead), 403],
          ["revoked token", bearer(w.tokens.revoked), 401],
          ["expired token", bearer(w.tokens.expired), 401],
          ["deactivated person's token", bearer(w.tokens.inactive), 401],
          [
            "Basic credentials",
            { authorization: "Basic YWRhOmFkYQ==", "content-type": "application/json" },
            401,
          ],
        ];
        for (const [label, headers, status] of refused) {
          await check(
            t.name,
            label,
            { handler: t.handler(), method: t.method, path: path(), id: t.id?.(), who: null, headers, body },
            { status },
          );
        }
      });

      const pathKind = t.pathKind;
      if (pathKind)
        it("refuses unknown, malformed and wrong-type path ids", async () => {
          for (const bad of badPathIds(pathKind)) {
            const id = String(bad.value);
            await check(
              t.name,
              `path id ${bad.label}`,
              jsonCall(t.base(), { id, path: t.path(segment(id)) }),
            );
          }
        });
    });
  }

  it("refuses members and tokens that may not edit (403/404), nothing written", async () => {
    const target = "permissions";
    const cases: [string, Call][] = [
      [
        "member creates a cycle",
        {
          handler: cycles.POST as Handler,
          method: "POST",
          path: "/api/v1/cycles",
          who: "member",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "Mine", startDate: "2026-10-01", endDate: "2026-12-31" }),
        },
      ],
      [
        "member edits the company key result",
        {
          handler: krOne.PATCH as Handler,
          method: "PATCH",
          path: "/x",
          id: w.keyResults.company.id,
          who: "member",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ version: 1, title: "Mine" }),
        },
      ],
      [
        "other checks in on the company key result",
        {
          handler: krCheckIns.POST as Handler,
          method: "POST",
          path: "/x",
          id: w.keyResults.company.id,
          who: "other",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ value: 3 }),
        },
      ],
      [
        "member's write token on the company objective",
        {
          handler: objOne.PATCH as Handler,
          method: "PATCH",
          path: "/x",
          id: w.objectives.company.id,
          who: null,
          headers: { "content-type": "application/json", authorization: `Bearer ${w.tokens.memberWrite}` },
          body: JSON.stringify({ version: 1, title: "Mine" }),
        },
      ],
      [
        "member archives the company objective",
        {
          handler: objArchive.POST as Handler,
          method: "POST",
          path: "/x",
          id: w.objectives.company.id,
          who: "member",
          headers: { "content-type": "application/json" },
          body: "{}",
        },
      ],
      [
        "lead activates a cycle",
        {
          handler: cycleActivate.POST as Handler,
          method: "POST",
          path: "/x",
          id: w.otherCycle.id,
          who: "lead",
          headers: { "content-type": "application/json" },
          body: "{}",
        },
      ],
      [
        "member creates a company objective",
        {
          handler: objs.POST as Handler,
          method: "POST",
          path: "/x",
          who: "member",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ cycleId: w.cycle.id, title: "Mine", level: "COMPANY" }),
        },
      ],
      [
        "member adds a key result to another's objective",
        {
          handler: krs.POST as Handler,
          method: "POST",
          path: "/x",
          who: "other",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ objectiveId: w.objectives.individual.id, title: "Mine", targetValue: 3 }),
        },
      ],
    ];
    for (const [label, c] of cases) await check(target, label, c);
  });

  it("a valid Idempotency-Key with a malformed body: 400, and no answer is kept for the key", async () => {
    for (const [label, body] of [
      ["value NaN", { value: "NaN" }],
      ["value missing", { note: "x" }],
      ["note with NUL", { value: 3, note: "a\u0000b" }],
    ] as const) {
      await check(
        "POST /api/v1/key-results/{id}/check-ins",
        `Idempotency-Key retry-1, ${label}`,
        {
          handler: krCheckIns.POST as Handler,
          method: "POST",
          path: "/x",
          id: w.keyResults.company.id,
          who: "admin",
          headers: { "content-type": "application/json", "idempotency-key": "retry-1" },
          body: JSON.stringify(body),
        },
        { status: 400 },
      );
    }
  });

  it("refuses malformed Idempotency-Key headers before writing", async () => {
    for (const key of ["", " ", "x".repeat(201), "naïve-clé", "a\tb"]) {
      await check(
        "POST /api/v1/key-results/{id}/check-ins",
        `Idempotency-Key ${JSON.stringify(key).slice(0, 20)}`,
        {
          handler: krCheckIns.POST as Handler,
          method: "POST",
          path: "/x",
          id: w.keyResults.company.id,
          who: "admin",
          headers: { "content-type": "application/json", "idempotency-key": key },
          body: JSON.stringify({ value: 4 }),
        },
        { status: 400 },
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Reads: bad path ids, bad query values, missing or bad credentials

type ReadTarget = {
  name: string;
  handler: () => Handler;
  path: (id: string) => string;
  pathKind?: keyof SweepWorld["ids"];
  /** Bad query strings (each must be refused). */
  query?: () => string[];
  validId?: () => string;
};

const reads: ReadTarget[] = [
  { name: "GET /api/v1/cycles", handler: () => cycles.GET as Handler, path: () => "/api/v1/cycles" },
  {
    name: "GET /api/v1/cycles/{id}/tree",
    handler: () => cycleTree.GET as Handler,
    path: (id) => `/api/v1/cycles/${id}/tree?includeArchived=%00`,
    pathKind: "cycle",
    validId: () => w.cycle.id,
  },
  {
    name: "GET /api/v1/cycles/{id}/health",
    handler: () => cycleHealth.GET as Handler,
    path: (id) => `/api/v1/cycles/${id}/health`,
    pathKind: "cycle",
    validId: () => w.cycle.id,
  },
  {
    name: "GET /api/v1/cycles/{id}/retrospective",
    handler: () => cycleRetro.GET as Handler,
    path: (id) => `/api/v1/cycles/${id}/retrospective`,
    pathKind: "cycle",
    validId: () => w.cycle.id,
  },
  {
    name: "GET /api/v1/objectives/{id}",
    handler: () => objOne.GET as Handler,
    path: (id) => `/api/v1/objectives/${id}`,
    pathKind: "objective",
    validId: () => w.objectives.company.id,
  },
  {
    name: "GET /api/v1/key-results/{id}",
    handler: () => krOne.GET as Handler,
    path: (id) => `/api/v1/key-results/${id}`,
    pathKind: "keyResult",
    validId: () => w.keyResults.company.id,
  },
  {
    name: "GET /api/v1/health",
    handler: () => health.GET as Handler,
    path: () => "/api/v1/health",
    query: () =>
      [
        ...MALFORMED_UUIDS.map((b) => String(b.value)),
        ...SQL_PAYLOADS.map((b) => String(b.value)),
        ...HTML_PAYLOADS.map((b) => String(b.value)),
        ...UNSTORABLE.slice(0, 2).map((b) => String(b.value)),
        UNKNOWN_UUID,
        ...wrongIds(w, "cycle"),
        "",
        "x".repeat(100_000),
      ].map((v) => `cycleId=${encodeURIComponent(v)}`),
  },
];

describe(`bad-input sweep: /api/v1 reads on ${dialectName}`, { timeout: 120_000 }, () => {
  for (const t of reads) {
    it(`${t.name}: refuses missing or bad credentials`, async () => {
      const path = t.path(t.validId?.() ?? "");
      const id = t.validId?.();
      await check(
        t.name,
        "no session",
        { handler: t.handler(), method: "GET", path, id, who: null },
        { status: 401 },
      );
      await check(
        t.name,
        "forged cookie",
        {
          handler: t.handler(),
          method: "GET",
          path,
          id,
          who: null,
          headers: { cookie: "cairn.session_token=x.y" },
        },
        { status: 401 },
      );
      for (const b of bearerFaults()) {
        await check(
          t.name,
          b.label,
          { handler: t.handler(), method: "GET", path, id, who: null, headers: b.headers },
          { status: b.status },
        );
      }
      for (const [label, token] of [
        ["revoked token", w.tokens.revoked],
        ["expired token", w.tokens.expired],
        ["deactivated person's token", w.tokens.inactive],
      ] as const) {
        await check(
          t.name,
          label,
          {
            handler: t.handler(),
            method: "GET",
            path,
            id,
            who: null,
            headers: { authorization: `Bearer ${token}` },
          },
          { status: 401 },
        );
      }
    });
    if (t.pathKind) {
      it(`${t.name}: refuses unknown, malformed and wrong-type ids`, async () => {
        for (const bad of badPathIds(t.pathKind!)) {
          const id = String(bad.value);
          await check(t.name, `path id ${bad.label}`, {
            handler: t.handler(),
            method: "GET",
            path: t.path(segment(id)),
            id,
            who: "member",
          });
        }
      });
    }
    if (t.query) {
      it(`${t.name}: refuses bad query values`, async () => {
        for (const q of t.query!()) {
          await check(t.name, `?${q.slice(0, 60)}`, {
            handler: t.handler(),
            method: "GET",
            path: `${t.path("")}?${q}`,
            who: "member",
          });
        }
      });
    }
  }

  it("GET /api/v1/openapi.json takes no input: hostile headers change nothing", async () => {
    const res = openapi.GET();
    tally.add("GET /api/v1/openapi.json", res.status);
    expect(res.status).toBe(200);
    await expectUnchanged(h, baseline, "openapi.json");
  });
});
