/**
 * The bad-input sweep of every server action (every exported function of every src/app/**\/actions.ts),
 * called as React calls it — (previous state, FormData) — with a real session cookie, the app's own
 * database singleton (the test database) and better-auth. Only Next's request-scope APIs
 * (next/headers, next/cache) are replaced (tests/helpers/request-scope.ts).
 *
 * Each case is malformed and must come back as a failed state — never thrown, never a redirect (a
 * redirect is how these actions answer success), never "done" — naming the field at fault where one
 * is, logging no unexpected error, revalidating nothing, and leaving the database fingerprint unchanged.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IDLE } from "../../src/app/_forms/form-state";
import { loadDemoAction } from "../../src/app/actions";
import * as cyclesActions from "../../src/app/admin/cycles/actions";
import * as importActions from "../../src/app/admin/import/actions";
import { retryEmailAction } from "../../src/app/admin/outbox/actions";
import * as peopleActions from "../../src/app/admin/people/actions";
import { updateSettingsAction } from "../../src/app/admin/settings/actions";
import * as teamActions from "../../src/app/admin/teams/actions";
import * as webhookActions from "../../src/app/admin/webhooks/actions";
import { checkInAllAction } from "../../src/app/check-in/actions";
import { carryOverAction } from "../../src/app/cycles/[id]/retrospective/actions";
import { checkInAction } from "../../src/app/key-results/[id]/check-in/actions";
import * as krEditActions from "../../src/app/key-results/[id]/edit/actions";
import { createKeyResultAction } from "../../src/app/key-results/new/actions";
import * as objectiveEditActions from "../../src/app/objectives/[id]/edit/actions";
import { createObjectiveAction } from "../../src/app/objectives/new/actions";
import * as tokenActions from "../../src/app/settings/tokens/actions";
import { setupAction } from "../../src/app/setup/actions";
import { requestLinkAction } from "../../src/app/sign-in/actions";
import { confirmAction } from "../../src/app/sign-in/confirm/actions";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { type Fingerprint, fingerprint } from "../helpers/fingerprint";
import {
  allFaults,
  applyFault,
  Bad,
  EXTRA_KEYS,
  type Fault,
  type FieldSpec,
  faultArbitrary,
  hugeString,
  MALFORMED_UUIDS,
  MISSING,
  materialise,
  SEED,
  SQL_PAYLOADS,
  UNKNOWN_UUID,
  UNSTORABLE,
} from "../helpers/malformed";
import { scope, setRequest, uninstallDatabase } from "../helpers/request-scope";
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

type Who = "admin" | "lead" | "member" | "other";
type Shape = "form" | "setup" | "signIn" | "confirm" | "demo";

let h: TestDb;
let w: SweepWorld;
const baseline = { current: {} as Fingerprint };
const tally = new Tally();
let trap: ReturnType<typeof trapConsoleError>;

beforeAll(async () => {
  h = await createTestDb();
  w = await buildSweepWorld(h);
  baseline.current = await fingerprint(h.db);
  trap = trapConsoleError();
});
afterAll(async () => {
  trap?.restore();
  console.log(tally.report(`bad-input sweep, server actions on ${dialectName} (seed ${SEED})`));
  uninstallDatabase();
  await h?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: every action has its own state type; the checks read them loosely.
type Json = any;
type AnyAction = (previous: Json, form: FormData) => Promise<Json>;

type Target = {
  name: string;
  action: AnyAction;
  shape?: Shape;
  who?: Who | null;
  base: () => Record<string, string | string[]>;
  fields: () => Record<string, FieldSpec>;
  freeText?: string[];
  /** False when the action answers bad ids with NOT_FOUND rather than naming the field. */
  namesFields?: boolean;
  runs?: number;
};

const PREVIOUS: Record<Shape, unknown> = {
  form: IDLE,
  setup: { message: null, fields: {}, values: null, attempt: 0 },
  signIn: { status: "idle", message: null, fields: {}, email: "", attempt: 0 },
  confirm: { message: null, attempt: 0 },
  demo: { error: null },
};

function formOf(input: Record<string, unknown>): FormData {
  const form = new FormData();
  form.append("$ACTION_ID_0123456789abcdef", "");
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) {
      const m = materialise(one);
      if (m instanceof File) form.append(k, m);
      else form.append(k, typeof m === "string" ? m : JSON.stringify(m));
    }
  }
  return form;
}

/** Unknown keys as form fields (a form can only send text). */
function extraFields(extra: Bad | null): Record<string, string> {
  if (!extra) return {};
  return Object.fromEntries(
    Object.entries(extra.value as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
}

/** The error keys of a failed state, and whether the state is a failure. */
function outcomeOf(shape: Shape, state: Json): { failed: boolean; status: string; fields: string[] } {
  switch (shape) {
    case "form":
      return {
        failed: ["invalid", "refused", "error", "conflict"].includes(state?.status),
        status: String(state?.status),
        fields: Object.keys(state?.fields ?? {}),
      };
    case "setup":
      return {
        failed: typeof state?.message === "string",
        status: "message",
        fields: Object.keys(state?.fields ?? {}),
      };
    case "signIn":
      return {
        failed: state?.status === "error",
        status: String(state?.status),
        fields: Object.keys(state?.fields ?? {}),
      };
    case "confirm":
      return { failed: typeof state?.message === "string", status: "message", fields: [] };
    case "demo":
      return { failed: typeof state?.error === "string", status: "error", fields: [] };
  }
}

async function check(t: Target, label: string, input: Record<string, unknown>, field?: string) {
  const shape = t.shape ?? "form";
  const who = t.who === undefined ? "admin" : t.who;
  setRequest(who ? { cookie: w.cookies[who] } : {});
  scope.revalidated = [];
  let state: unknown;
  let thrown: unknown;
  try {
    state = await t.action(PREVIOUS[shape], formOf(input));
  } catch (e) {
    thrown = e;
  }
  const logged = trap.take();
  const o = outcomeOf(shape, state);
  tally.add(t.name, thrown ? "thrown" : o.status);
  const where = `${t.name} ← ${label} → ${thrown ? `threw ${String((thrown as Error)?.message ?? thrown).slice(0, 120)}` : JSON.stringify(state).slice(0, 300)}`;
  await expectUnchanged(h, baseline, where);
  expect(thrown, where).toBeUndefined();
  expect(o.failed, where).toBe(true);
  if (field)
    expect(
      o.fields.some((k) => k === field || k.startsWith(`${field}.`)),
      `${where}: fields do not name ${field}`,
    ).toBe(true);
  expect(logged, `${where}: logged an unexpected error`).toEqual([]);
  expect(scope.revalidated, `${where}: revalidated`).toEqual([]);
}

function fieldOf(t: Target, fault: Fault): string | undefined {
  if (t.namesFields === false) return undefined;
  if (/^(wrong-type id|unknown uuid)/.test(fault.bad.label)) return undefined;
  const spec = t.fields()[fault.field];
  return spec?.errorKey ?? fault.field;
}

// ---------------------------------------------------------------------------------------------

const uuidField = (except: keyof SweepWorld["ids"], extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ kind: "uuid", wrongIds: wrongIds(w, except), ...extra }) as FieldSpec;
const num = (extra: Partial<Extract<FieldSpec, { kind: "number" }>> = {}): FieldSpec => ({
  kind: "number",
  ...extra,
});
const LEVELS = ["COMPANY", "TEAM", "INDIVIDUAL"] as const;
const KINDS = ["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"] as const;
const b = (label: string, value: unknown) => new Bad(label, value);

const okrCsvFaults = (): Bad[] => {
  const header =
    "level,objective,parent objective,owner,key result,kind,start,target,current,unit,weight,confidence";
  return [
    b("empty file", ""),
    b("header only", `${header}\r\n`),
    b("unterminated quote", `${header}\r\nCOMPANY,"Grow,,ada@x.io`),
    b("wrong header", "a,b,c\r\n1,2,3\r\n"),
    b("NaN target", `${header}\r\nCOMPANY,Grow,,${w.users.admin.email},ARR,INCREASE,0,NaN,0,$,1,\r\n`),
    b(
      "Infinity start",
      `${header}\r\nCOMPANY,Grow,,${w.users.admin.email},ARR,INCREASE,-Infinity,10,0,$,1,\r\n`,
    ),
    b("level GALAXY", `${header}\r\nGALAXY,Grow,,${w.users.admin.email},ARR,INCREASE,0,10,0,$,1,\r\n`),
    b(
      "formula level",
      `${header}\r\n=cmd|' /C calc'!A0,Grow,,${w.users.admin.email},ARR,INCREASE,0,10,0,$,1,\r\n`,
    ),
    b("NUL title", `${header}\r\nCOMPANY,Gr\u0000ow,,${w.users.admin.email},ARR,INCREASE,0,10,0,$,1,\r\n`),
    b("NUL parent", `${header}\r\nTEAM,Grow,Win\u0000,${w.team.name},ARR,INCREASE,0,10,0,$,1,\r\n`),
    b("NUL owner", `${header}\r\nCOMPANY,Grow,,ada\u0000@example.com,ARR,INCREASE,0,10,0,$,1,\r\n`),
    b("NUL team owner", `${header}\r\nTEAM,Grow,,Plat\u0000form,ARR,INCREASE,0,10,0,$,1,\r\n`),
    b("NUL unit", `${header}\r\nCOMPANY,Grow,,${w.users.admin.email},ARR,INCREASE,0,10,0,\u0000,1,\r\n`),
    b("NUL kind", `${header}\r\nCOMPANY,Grow,,${w.users.admin.email},ARR,INC\u0000,0,10,0,$,1,\r\n`),
    b(
      "NUL key result",
      `${header}\r\nCOMPANY,Grow,,${w.users.admin.email},A\u0000RR,INCREASE,0,10,0,$,1,\r\n`,
    ),
    b("unknown owner", `${header}\r\nCOMPANY,Grow,,nobody@nowhere.example,ARR,INCREASE,0,10,0,$,1,\r\n`),
    b("SQL owner", `${header}\r\nCOMPANY,Grow,,' OR 1=1 --,ARR,INCREASE,0,10,0,$,1,\r\n`),
    b("1 MiB junk", "\u0001".repeat(1 << 20)),
    b("binary", "\u0000\u0001\u0002\uFFFD\uFFFE"),
  ];
};

const directoryCsvFaults = (kind: "people" | "teams"): Bad[] => {
  const header =
    kind === "people" ? "name,email,role,time zone,teams,active" : "name,parent,lead email,members";
  const row =
    kind === "people"
      ? [
          "Nul\u0000Person,nul@example.com,member,Europe/Berlin,,true",
          "Bad,not-an-email,member,Europe/Berlin,,true",
          "Bad,bad@example.com,galaxy,Mars/Base,,maybe",
          "Nul Team,nt@example.com,member,Europe/Berlin,Plat\u0000form,true",
          "Nul Zone,nz@example.com,member,Europe/Ber\u0000lin,,true",
          "Nul Mail,n\u0000m@example.com,member,Europe/Berlin,,true",
        ]
      : [
          "Nul\u0000Team,,,",
          "Orphan,No Such Parent,,",
          "Led,,nobody@nowhere.example,",
          "NulParent,Plat\u0000form,,",
          "NulLead,,ada\u0000@example.com,",
          "NulMembers,,,ada@example.com;b\u0000@example.com",
        ];
  return [
    b("empty file", ""),
    b("header only", `${header}\r\n`),
    b("unterminated quote", `${header}\r\n"unterminated`),
    b("wrong header", "a,b,c\r\n1,2,3\r\n"),
    ...row.map((r, i) => b(`bad row ${i}`, `${header}\r\n${r}\r\n`)),
    b("1 MiB junk", "\u0001".repeat(1 << 20)),
  ];
};

const targets = (): Target[] => [
  {
    name: "createCycleAction",
    action: cyclesActions.createCycleAction,
    base: () => ({ name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" }),
    fields: () => ({
      name: { kind: "text", max: 80, min: 1, required: true },
      startDate: { kind: "date", required: true },
      endDate: { kind: "date", required: true },
    }),
    freeText: ["name"],
  },
  {
    name: "updateCycleAction",
    action: cyclesActions.updateCycleAction,
    base: () => ({ cycleId: w.cycle.id, name: "Q3 2026 (renamed)" }),
    fields: () => ({
      cycleId: uuidField("cycle", { required: true }),
      name: { kind: "text", max: 80, min: 1 },
      startDate: { kind: "date" },
      endDate: { kind: "date" },
    }),
    freeText: ["name"],
  },
  {
    name: "activateCycleAction",
    action: cyclesActions.activateCycleAction,
    base: () => ({ cycleId: w.otherCycle.id }),
    fields: () => ({ cycleId: uuidField("cycle", { required: true }) }),
  },
  {
    name: "closeCycleAction",
    action: cyclesActions.closeCycleAction,
    base: () => ({ cycleId: w.cycle.id }),
    fields: () => ({ cycleId: uuidField("cycle", { required: true }) }),
  },
  {
    name: "updateSettingsAction",
    action: updateSettingsAction,
    base: () => ({ name: "Acme" }),
    fields: () => ({
      name: { kind: "text", max: 120, min: 1 },
      timeZone: { kind: "timeZone" },
      atRiskRatio: num({ min: 0, exclusiveMin: true, max: 1 }),
      offTrackRatio: num({ min: 0, exclusiveMin: true, max: 1 }),
      staleAfterDays: num({ int: true, min: 1, max: 365 }),
      reminderWeekday: num({ int: true, min: 1, max: 7 }),
      reminderHour: num({ int: true, min: 0, max: 23 }),
      autoCloseAfterDays: num({ int: true, min: 0, max: 90 }),
      leadershipRecipients: {
        kind: "custom",
        values: [
          b("not an email", "not-an-email"),
          b("two, one bad", "ada@example.com\nbob@"),
          b("script", "<script>@x.io"),
          b("NUL", "a\u0000@example.com"),
          b("51 addresses", Array.from({ length: 51 }, (_, i) => `p${i}@example.com`).join("\n")),
        ],
      },
    }),
  },
  {
    name: "retryEmailAction",
    action: retryEmailAction,
    base: () => ({ id: UNKNOWN_UUID }),
    fields: () => ({ id: uuidField("user", { required: true }) }),
    namesFields: false,
  },
  {
    name: "previewImportAction",
    action: importActions.previewImportAction,
    base: () => ({ cycleId: w.cycle.id, csv: "" }),
    fields: () => ({
      cycleId: uuidField("cycle", { required: true }),
      csv: { kind: "custom", values: okrCsvFaults() },
    }),
    namesFields: false,
  },
  {
    name: "commitImportAction",
    action: importActions.commitImportAction,
    base: () => ({ cycleId: w.cycle.id, csv: "" }),
    fields: () => ({
      cycleId: uuidField("cycle", { required: true }),
      csv: { kind: "custom", values: okrCsvFaults() },
    }),
    namesFields: false,
  },
  ...(["people", "teams"] as const).flatMap((kind): Target[] => [
    {
      name: `previewDirectoryImportAction (${kind})`,
      action: importActions.previewDirectoryImportAction,
      base: () => ({ kind, csv: "" }),
      fields: () => ({ csv: { kind: "custom", values: directoryCsvFaults(kind) } }),
      namesFields: false,
    },
    {
      name: `commitDirectoryImportAction (${kind})`,
      action: importActions.commitDirectoryImportAction,
      base: () => ({ kind, csv: "" }),
      fields: () => ({ csv: { kind: "custom", values: directoryCsvFaults(kind) } }),
      namesFields: false,
    },
  ]),
  {
    name: "invitePersonAction",
    action: peopleActions.invitePersonAction,
    base: () => ({ email: "new.person@example.com", name: "New Person", role: "member" }),
    fields: () => ({
      email: { kind: "email", required: true },
      name: { kind: "text", max: 120, min: 1, required: true },
      role: { kind: "enum", values: ["admin", "member"] },
      teamIds: { kind: "uuidList", max: 100 },
      timeZone: { kind: "timeZone" },
    }),
    freeText: ["name"],
  },
  {
    name: "updatePersonAction",
    action: peopleActions.updatePersonAction,
    base: () => ({ userId: w.users.other.id, name: "Oto Other" }),
    fields: () => ({
      userId: uuidField("user", { required: true }),
      name: { kind: "text", max: 120, min: 1 },
      role: { kind: "enum", values: ["admin", "member"] },
      teamIds: { kind: "uuidList", max: 100 },
      timeZone: { kind: "timeZone" },
    }),
    freeText: ["name"],
  },
  {
    name: "deactivatePersonAction",
    action: peopleActions.deactivatePersonAction,
    base: () => ({ userId: UNKNOWN_UUID }),
    fields: () => ({ userId: uuidField("user", { required: true }) }),
  },
  {
    name: "createTeamAction",
    action: teamActions.createTeamAction,
    base: () => ({ name: "Growth" }),
    fields: () => ({
      name: { kind: "text", max: 120, min: 1, required: true },
      leadUserId: uuidField("user", { nullable: true }),
      memberIds: { kind: "uuidList", max: 1000 },
      parentTeamId: uuidField("team", { nullable: true }),
    }),
    freeText: ["name"],
  },
  {
    name: "updateTeamAction",
    action: teamActions.updateTeamAction,
    base: () => ({
      teamId: w.team.id,
      name: "Platform",
      memberIds: [w.users.lead.id, w.users.member.id],
      leadUserId: w.users.lead.id,
    }),
    fields: () => ({
      teamId: uuidField("team", { required: true }),
      name: { kind: "text", max: 120, min: 1 },
      leadUserId: uuidField("user", { nullable: true }),
      memberIds: { kind: "uuidList", max: 1000 },
      parentTeamId: { kind: "uuid", nullable: true, wrongIds: [...wrongIds(w, "team"), w.team.id] },
    }),
    freeText: ["name"],
  },
  {
    name: "registerWebhookAction",
    action: webhookActions.registerWebhookAction,
    base: () => ({ url: "https://hooks.example.com/cairn", events: ["check_in.recorded"] }),
    fields: () => ({
      url: { kind: "url", required: true },
      events: {
        kind: "custom",
        values: [
          b("no events", []),
          b("unknown event", ["galaxy.exploded"]),
          b("script event", ["<script>"]),
          b("NUL event", ["check_in.recorded\u0000"]),
        ],
      },
    }),
  },
  ...(
    [
      ["setWebhookActiveAction", webhookActions.setWebhookActiveAction],
      ["deleteWebhookAction", webhookActions.deleteWebhookAction],
      ["sendTestWebhookAction", webhookActions.sendTestWebhookAction],
    ] as const
  ).map(
    ([name, action]): Target => ({
      name,
      action,
      base: () => ({ webhookId: UNKNOWN_UUID, active: "true" }),
      fields: () => ({ webhookId: uuidField("user", { required: true }) }),
    }),
  ),
  {
    name: "loadDemoAction",
    action: loadDemoAction,
    shape: "demo",
    base: () => ({}),
    fields: () => ({
      anything: {
        kind: "custom",
        values: [b("empty form", undefined), ...SQL_PAYLOADS.slice(0, 2), ...UNSTORABLE.slice(0, 2)],
      },
    }),
    namesFields: false,
  },
  {
    name: "createKeyResultAction",
    action: createKeyResultAction,
    base: () => ({
      objectiveId: w.objectives.company.id,
      title: "Net revenue",
      kind: "INCREASE",
      startValue: "0",
      targetValue: "10",
    }),
    fields: () => ({
      objectiveId: uuidField("objective", { required: true }),
      title: { kind: "text", max: 200, min: 1, required: true },
      kind: { kind: "enum", values: KINDS },
      startValue: num(),
      targetValue: num(),
      unit: { kind: "text", max: 20 },
      weight: num({ min: 0, exclusiveMin: true, max: 100 }),
      autoUpdate: { kind: "flag" },
      confidence: num({ int: true, min: 1, max: 10 }),
      ownerUserId: uuidField("user"),
    }),
    freeText: ["title", "unit"],
    runs: 10,
  },
  {
    name: "updateKeyResultAction",
    action: krEditActions.updateKeyResultAction,
    base: () => ({ keyResultId: w.keyResults.company.id, version: "1", title: "Revenue (net)" }),
    fields: () => ({
      keyResultId: uuidField("keyResult", { required: true }),
      version: num({ int: true, min: 1, required: true }),
      title: { kind: "text", max: 200, min: 1 },
      kind: { kind: "enum", values: KINDS },
      startValue: num(),
      targetValue: num(),
      unit: { kind: "text", max: 20 },
      weight: num({ min: 0, exclusiveMin: true, max: 100 }),
      autoUpdate: { kind: "flag" },
      confidence: num({ int: true, min: 1, max: 10 }),
      ownerUserId: uuidField("user"),
    }),
    freeText: ["title", "unit"],
    runs: 10,
  },
  {
    name: "dropKeyResultAction",
    action: krEditActions.dropKeyResultAction,
    base: () => ({ keyResultId: w.keyResults.company.id, version: "1" }),
    fields: () => ({
      keyResultId: uuidField("keyResult", { required: true }),
      version: num({ int: true, min: 1 }),
    }),
  },
  {
    name: "checkInAction",
    action: checkInAction,
    base: () => ({ keyResultId: w.keyResults.company.id, value: "5", note: "On the way" }),
    fields: () => ({
      keyResultId: uuidField("keyResult", { required: true }),
      value: num({ required: true }),
      confidence: num({ int: true, min: 1, max: 10 }),
      note: { kind: "text", max: 2000 },
    }),
    freeText: ["note"],
    runs: 8,
  },
  {
    name: "checkInAllAction",
    action: checkInAllAction,
    base: () => {
      const id = w.keyResults.company.id;
      return { row: id, [`value:${id}`]: "5", [`was:${id}`]: "0" };
    },
    fields: () => {
      const id = w.keyResults.company.id;
      return {
        row: { kind: "uuid", wrongIds: wrongIds(w, "keyResult") },
        [`value:${id}`]: num(),
        [`confidence:${id}`]: num({ int: true, min: 1, max: 10 }),
        [`note:${id}`]: { kind: "text", max: 2000 },
      };
    },
    namesFields: false,
    runs: 8,
  },
  {
    name: "carryOverAction",
    action: carryOverAction,
    base: () => ({
      fromCycleId: w.cycle.id,
      name: "Q4 2026",
      startDate: "2026-10-01",
      endDate: "2026-12-31",
      objectiveIds: [w.objectives.company.id],
    }),
    fields: () => ({
      fromCycleId: uuidField("cycle", { required: true }),
      name: { kind: "text", max: 80, min: 1, required: true, errorKey: "newCycle.name" },
      startDate: { kind: "date", required: true, errorKey: "newCycle.startDate" },
      endDate: { kind: "date", required: true, errorKey: "newCycle.endDate" },
      objectiveIds: { kind: "uuidList", max: 1000, required: true },
      keyResultIds: { kind: "uuidList", max: 5000 },
    }),
    freeText: ["name"],
  },
  {
    name: "createObjectiveAction",
    action: createObjectiveAction,
    base: () => ({ cycleId: w.cycle.id, title: "Delight customers", description: "", level: "COMPANY" }),
    fields: () => ({
      cycleId: uuidField("cycle", { required: true }),
      title: { kind: "text", max: 200, min: 1, required: true },
      description: { kind: "text", max: 5000 },
      level: { kind: "enum", values: LEVELS, required: true },
      ownerUserId: uuidField("user", { nullable: true }),
      parentId: {
        kind: "uuid",
        nullable: true,
        wrongIds: [...wrongIds(w, "objective"), w.objectives.elsewhere.id],
      },
    }),
    freeText: ["title", "description"],
    runs: 8,
  },
  {
    name: "updateObjectiveAction",
    action: objectiveEditActions.updateObjectiveAction,
    base: () => ({
      objectiveId: w.objectives.company.id,
      version: "1",
      title: "Win the market, again",
      level: "COMPANY",
    }),
    fields: () => ({
      objectiveId: uuidField("objective", { required: true }),
      version: num({ int: true, min: 1, required: true }),
      title: { kind: "text", max: 200, min: 1 },
      description: { kind: "text", max: 5000 },
      level: { kind: "enum", values: LEVELS },
      ownerUserId: uuidField("user", { nullable: true }),
      parentId: {
        kind: "uuid",
        nullable: true,
        wrongIds: [...wrongIds(w, "objective"), w.objectives.company.id, w.objectives.individual.id],
      },
    }),
    freeText: ["title", "description"],
    runs: 8,
  },
  {
    name: "archiveObjectiveAction",
    action: objectiveEditActions.archiveObjectiveAction,
    who: "member",
    base: () => ({ objectiveId: w.objectives.individual.id, version: "1" }),
    fields: () => ({
      objectiveId: uuidField("objective", { required: true }),
      version: num({ int: true, min: 1 }),
    }),
  },
  {
    name: "createApiTokenAction",
    action: tokenActions.createApiTokenAction,
    base: () => ({ name: "Nightly import", scope: "read" }),
    fields: () => ({
      name: { kind: "text", max: 80, min: 1, required: true },
      scope: { kind: "enum", values: ["read", "write"] },
      expiresInDays: {
        kind: "custom",
        values: ["abc", "0", "3651", "1.5", "-1", "NaN", "1e3", "1 2", "99999999999999999999", "\u0661"].map(
          (s) => b(s, s),
        ),
      },
    }),
    freeText: ["name"],
  },
  {
    name: "revokeApiTokenAction",
    action: tokenActions.revokeApiTokenAction,
    base: () => ({ tokenId: UNKNOWN_UUID }),
    fields: () => ({ tokenId: uuidField("user", { required: true }) }),
  },
  {
    name: "setupAction",
    action: setupAction,
    shape: "setup",
    who: null,
    base: () => ({
      organisationName: "Acme Rockets",
      organisationTimeZone: "Europe/Berlin",
      adminName: "Ada Admin",
      adminEmail: "ada.setup@example.com",
      adminTimeZone: "Europe/Berlin",
    }),
    fields: () => ({
      organisationName: { kind: "text", max: 120, min: 1, required: true },
      organisationTimeZone: { kind: "timeZone", required: true },
      adminName: { kind: "text", max: 120, min: 1, required: true },
      adminEmail: { kind: "email", required: true },
      adminTimeZone: { kind: "timeZone", required: true },
    }),
    freeText: ["organisationName", "adminName"],
  },
  {
    name: "requestLinkAction",
    action: requestLinkAction,
    shape: "signIn",
    who: null,
    base: () => ({ email: "ada@example.com" }),
    fields: () => ({ email: { kind: "email", required: true } }),
  },
  {
    name: "confirmAction",
    action: confirmAction,
    shape: "confirm",
    who: null,
    base: () => ({ token: "x" }),
    fields: () => ({
      token: {
        kind: "custom",
        values: [
          ...MALFORMED_UUIDS,
          ...SQL_PAYLOADS,
          ...UNSTORABLE,
          b("well-formed unknown token", "A".repeat(32)),
          b("well-formed unknown token (64)", "b".repeat(64)),
          b("1 MiB token", hugeString()),
          b("missing", undefined),
        ],
      },
    }),
    namesFields: false,
  },
];

describe(`bad-input sweep: server actions on ${dialectName}`, { timeout: 120_000 }, () => {
  for (const t of targets()) {
    describe(t.name, () => {
      it("refuses every bad value of every field (fixed corpus)", async () => {
        for (const fault of allFaults(t.fields(), "form", 5)) {
          await check(
            t,
            `${fault.field}=${fault.bad.label}`,
            applyFault(t.base(), fault, t.freeText),
            fieldOf(t, fault),
          );
        }
      });

      if ((t.runs ?? 4) > 0)
        it(`refuses generated faults with noise (fast-check, seed ${SEED})`, async () => {
          await fc.assert(
            fc.asyncProperty(faultArbitrary(t.fields(), "form"), async (fault) => {
              // Unknown keys first: the target's own fields (and the fault) win.
              const input = {
                ...extraFields(fault.extra),
                ...applyFault(t.base(), { ...fault, extra: null }, t.freeText),
              };
              if (fault.bad === MISSING) delete input[fault.field];
              await check(
                t,
                `${fault.field}=${fault.bad.label} ${fault.extra?.label ?? ""} ${fault.oddText?.label ?? ""}`,
                input,
                fieldOf(t, fault),
              );
            }),
            { seed: SEED, numRuns: t.runs ?? 4, endOnFailure: true },
          );
        });

      if (t.who !== null)
        it("refuses without a session, and with a forged cookie", async () => {
          for (const [label, headers] of [
            ["no session", {}],
            ["forged cookie", { cookie: "cairn.session_token=forged.c2ln" }],
          ] as const) {
            const saved = t.who;
            setRequest(headers);
            const state = await t.action(PREVIOUS[t.shape ?? "form"], formOf(t.base()));
            const o = outcomeOf(t.shape ?? "form", state);
            tally.add(t.name, `${label}:${o.status}`);
            const where = `${t.name} ← ${label} → ${JSON.stringify(state).slice(0, 200)}`;
            await expectUnchanged(h, baseline, where);
            expect(o.failed, where).toBe(true);
            expect(trap.take(), where).toEqual([]);
            expect(saved).toBe(t.who);
          }
        });
    });
  }

  it("refuses people who may not do it (members on admin actions, others' key results)", async () => {
    const refusals: [Target, Record<string, string>][] = [
      [
        {
          name: "createCycleAction (member)",
          action: cyclesActions.createCycleAction,
          who: "member",
          base: () => ({}),
          fields: () => ({}),
        },
        { name: "Mine", startDate: "2026-10-01", endDate: "2026-12-31" },
      ],
      [
        {
          name: "invitePersonAction (member)",
          action: peopleActions.invitePersonAction,
          who: "member",
          base: () => ({}),
          fields: () => ({}),
        },
        { email: "x@example.com", name: "X" },
      ],
      [
        {
          name: "updateSettingsAction (lead)",
          action: updateSettingsAction,
          who: "lead",
          base: () => ({}),
          fields: () => ({}),
        },
        { name: "Mine" },
      ],
      [
        {
          name: "checkInAction (other)",
          action: checkInAction,
          who: "other",
          base: () => ({}),
          fields: () => ({}),
        },
        { keyResultId: w.keyResults.company.id, value: "3" },
      ],
      [
        {
          name: "updateKeyResultAction (member)",
          action: krEditActions.updateKeyResultAction,
          who: "member",
          base: () => ({}),
          fields: () => ({}),
        },
        { keyResultId: w.keyResults.company.id, version: "1", title: "Mine" },
      ],
      [
        {
          name: "archiveObjectiveAction (other)",
          action: objectiveEditActions.archiveObjectiveAction,
          who: "other",
          base: () => ({}),
          fields: () => ({}),
        },
        { objectiveId: w.objectives.individual.id, version: "1" },
      ],
      [
        {
          name: "registerWebhookAction (member)",
          action: webhookActions.registerWebhookAction,
          who: "member",
          base: () => ({}),
          fields: () => ({}),
        },
        { url: "https://hooks.example.com/x", events: "check_in.recorded" },
      ],
      [
        {
          name: "closeCycleAction (lead)",
          action: cyclesActions.closeCycleAction,
          who: "lead",
          base: () => ({}),
          fields: () => ({}),
        },
        { cycleId: w.cycle.id },
      ],
      [
        {
          name: "commitImportAction (member)",
          action: importActions.commitImportAction,
          who: "member",
          base: () => ({}),
          fields: () => ({}),
        },
        { cycleId: w.cycle.id, csv: "level,objective\r\n" },
      ],
    ];
    for (const [t, input] of refusals) await check({ ...t, name: "permissions" }, t.name, input);
  });

  it("ignores unknown keys that look like privileges", async () => {
    for (const extra of EXTRA_KEYS) {
      await check(
        {
          name: "createCycleAction",
          action: cyclesActions.createCycleAction,
          who: "member",
          base: () => ({}),
          fields: () => ({}),
        },
        `member with ${extra.label}`,
        { name: "Mine", startDate: "2026-10-01", endDate: "2026-12-31", ...extraFields(extra) },
      );
    }
  });
});
