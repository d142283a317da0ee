/**
 * The bad-input sweep of the route handlers outside /api/v1: the CSV exports and the import
 * template, the Markdown deck, sign-out and the one-click check-in form (/u/update). Each module's
 * exported handler is called with a real Request (real session cookies, the test database through
 * the app's singleton). Malformed input must be answered 4xx — or, for the browser-facing routes
 * that answer with a redirect by design, a 303 to the sign-in page or to the link's own page with
 * the refusal in the query — never 5xx, never logging an unexpected error, and the database
 * fingerprint unchanged.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as exportCycle from "../../src/app/admin/export/cycles/[id]/route";
import * as exportPeople from "../../src/app/admin/export/people.csv/route";
import * as exportTeams from "../../src/app/admin/export/teams.csv/route";
import * as importTemplate from "../../src/app/admin/import/template.csv/route";
import * as cycleCsv from "../../src/app/cycles/[id]/export.csv/route";
import * as markdown from "../../src/app/cycles/[id]/present/markdown/route";
import * as signOut from "../../src/app/sign-out/route";
import * as oneClick from "../../src/app/u/update/route";
import { checkInTokens } from "../../src/db/schema";
import { newCheckInLinkToken } from "../../src/server/check-in-link";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { type Fingerprint, fingerprint } from "../helpers/fingerprint";
import {
  BAD_DATES,
  type Bad,
  HTML_PAYLOADS,
  hugeString,
  MALFORMED_UUIDS,
  NON_NUMERIC_STRINGS,
  ODD_UNICODE,
  SEED,
  SQL_PAYLOADS,
  UNKNOWN_UUID,
  UNSTORABLE,
} from "../helpers/malformed";
import { setRequest, uninstallDatabase } from "../helpers/request-scope";
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
type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response> | Response;

let h: TestDb;
let w: SweepWorld;
let linkToken: string;
const baseline = { current: {} as Fingerprint };
const tally = new Tally();
let trap: ReturnType<typeof trapConsoleError>;

beforeAll(async () => {
  h = await createTestDb();
  w = await buildSweepWorld(h);
  const { token, hash } = newCheckInLinkToken();
  linkToken = token;
  await h.db.insert(checkInTokens).values({
    tokenHash: hash,
    userId: w.users.member.id,
    weekKey: "2026-W49",
    expiresAt: new Date(Date.now() + 7 * 86_400_000),
  });
  baseline.current = await fingerprint(h.db);
  trap = trapConsoleError();
});
afterAll(async () => {
  trap?.restore();
  console.log(tally.report(`bad-input sweep, other route handlers on ${dialectName} (seed ${SEED})`));
  uninstallDatabase();
  await h?.close();
});

type Expect = {
  /** Statuses allowed besides 4xx. */
  redirects?: RegExp;
  status?: number;
};

async function check(
  target: string,
  label: string,
  handler: Handler,
  init: {
    method?: string;
    path?: string;
    id?: string;
    who?: Who | null;
    headers?: Record<string, string>;
    body?: BodyInit;
  },
  expected: Expect = {},
) {
  const headers = new Headers({ host: "cairn.test" });
  if (init.who) headers.set("cookie", w.cookies[init.who]);
  for (const [k, v] of Object.entries(init.headers ?? {})) headers.set(k, v);
  // Routes that read the session through next/headers see the same request.
  setRequest(Object.fromEntries(headers.entries()));
  const req = new Request(`http://cairn.test${init.path ?? "/x"}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body,
  });
  let res: Response | undefined;
  let thrown: unknown;
  try {
    res = await handler(req, { params: Promise.resolve({ id: init.id ?? "" }) });
  } catch (e) {
    thrown = e;
  }
  const status = res?.status ?? 0;
  const location = res?.headers.get("location") ?? "";
  tally.add(
    target,
    thrown
      ? "thrown"
      : status === 303
        ? `303 ${location.replace(/\/u\/[A-Za-z0-9_-]{43}/, "/u/<token>").slice(0, 24)}`
        : status,
  );
  const text = res ? (await res.text()).slice(0, 200) : "";
  const logged = trap.take();
  const where = `${target} ← ${label} → ${thrown ? `threw ${String(thrown)}` : `${status} ${location} ${text}`}`;
  await expectUnchanged(h, baseline, where);
  expect(thrown, where).toBeUndefined();
  if (expected.status) expect(status, where).toBe(expected.status);
  const redirected = status === 303 && expected.redirects?.test(location);
  expect(redirected || (status >= 400 && status < 500), where).toBe(true);
  expect(text, where).not.toMatch(/at .*\.ts:\d+|Error:/);
  expect(logged, `${where}: logged an unexpected error`).toEqual([]);
}

const SIGN_IN = /^http:\/\/cairn\.test\/sign-in$/;

function badIds(kind: keyof SweepWorld["ids"]): Bad[] {
  const labelled = (value: string, label: string) => ({ label, value }) as Bad;
  return [
    ...MALFORMED_UUIDS,
    ...SQL_PAYLOADS,
    ...HTML_PAYLOADS,
    ...ODD_UNICODE.slice(0, 4),
    ...UNSTORABLE,
    labelled(UNKNOWN_UUID, "unknown uuid"),
    labelled(hugeString(), "1 MiB id"),
    ...wrongIds(w, kind).map((id) => labelled(id, `wrong-type id ${id.slice(0, 8)}`)),
  ];
}

const noSession: [string, Record<string, string>][] = [
  ["no session", {}],
  ["forged cookie", { cookie: "cairn.session_token=forged.c2lnbmF0dXJl" }],
  ["garbled cookie header", { cookie: "cairn.session_token=%ZZ%00;;==" }],
  ["bearer token on a browser route", { authorization: `Bearer cairn_${"A".repeat(43)}` }],
];

describe(`bad-input sweep: route handlers on ${dialectName}`, { timeout: 120_000 }, () => {
  describe("CSV exports and the import template", () => {
    const byId: [string, Handler][] = [
      ["GET /admin/export/cycles/{id}", exportCycle.GET as Handler],
      ["GET /cycles/{id}/export.csv", cycleCsv.GET as Handler],
    ];
    for (const [name, handler] of byId) {
      it(`${name}: unknown, malformed and wrong-type ids; no session`, async () => {
        for (const bad of badIds("cycle")) {
          await check(name, `id ${bad.label}`, handler, { id: String(bad.value), who: "admin" });
        }
        for (const [label, headers] of noSession) {
          await check(name, label, handler, { id: w.cycle.id, headers }, { redirects: SIGN_IN });
        }
      });
    }
    it("GET /admin/export/cycles/{id}: refuses people who are not admins", async () => {
      for (const who of ["lead", "member", "other"] as const) {
        await check(
          "GET /admin/export/cycles/{id}",
          who,
          exportCycle.GET as Handler,
          { id: w.cycle.id, who },
          { status: 403 },
        );
      }
    });
    const admin: [string, Handler][] = [
      ["GET /admin/export/people.csv", exportPeople.GET as Handler],
      ["GET /admin/export/teams.csv", exportTeams.GET as Handler],
      ["GET /admin/import/template.csv", importTemplate.GET as Handler],
    ];
    for (const [name, handler] of admin) {
      it(`${name}: refuses non-admins and requests without a session`, async () => {
        for (const who of ["lead", "member", "other"] as const) {
          await check(name, who, handler, { who }, { status: 403 });
        }
        for (const [label, headers] of noSession)
          await check(name, label, handler, { headers }, { redirects: SIGN_IN });
      });
    }
  });

  describe("GET /cycles/{id}/present/markdown", () => {
    const name = "GET /cycles/{id}/present/markdown";
    it("unknown, malformed and wrong-type ids, with and without ?since=", async () => {
      const sinces = [
        "",
        ...BAD_DATES.map((b) => String(b.value)),
        ...SQL_PAYLOADS.map((b) => String(b.value)),
      ];
      for (const bad of badIds("cycle")) {
        for (const since of sinces.slice(0, 2)) {
          const q = since ? `?since=${encodeURIComponent(since)}` : "";
          await check(name, `id ${bad.label} ${q}`, markdown.GET as Handler, {
            id: String(bad.value),
            path: `/x${q}`,
            who: "member",
          });
        }
      }
    });
    it("refuses requests without a session", async () => {
      for (const [label, headers] of noSession) {
        await check(name, label, markdown.GET as Handler, { id: w.cycle.id, headers }, { status: 401 });
      }
    });
  });

  describe("POST /sign-out", () => {
    const name = "POST /sign-out";
    it("refuses cross-site posts, even with a live session (the session stays)", async () => {
      const crossSite: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { origin: "null", "sec-fetch-site": "cross-site" },
        { "sec-fetch-site": "cross-site" },
        { "sec-fetch-site": "same-site", origin: "http://a.cairn.test" },
        { origin: "http://cairn.test.evil.example" },
      ];
      for (const headers of crossSite) {
        for (const body of [
          new URLSearchParams({ scope: "all" }),
          new URLSearchParams({ scope: "<script>" }),
        ]) {
          await check(
            name,
            `${JSON.stringify(headers)} ${body}`,
            signOut.POST as Handler,
            { method: "POST", who: "admin", headers, body },
            { status: 403 },
          );
        }
      }
    });
    it("without a session, any body ends nothing: 303 to the signed-out page, nothing written", async () => {
      const bodies: [string, BodyInit | undefined, Record<string, string>][] = [
        ["no body", undefined, {}],
        ["JSON", JSON.stringify({ scope: "all" }), { "content-type": "application/json" }],
        [
          "broken multipart",
          '--x\r\nContent-Disposition: form-data; name="scope"\r\n\r\nall',
          { "content-type": "multipart/form-data; boundary=x" },
        ],
        ["1 MiB form", new URLSearchParams({ scope: hugeString() }), {}],
        ["NUL scope", new URLSearchParams({ scope: "all\u0000" }), {}],
      ];
      for (const [label, body, headers] of bodies) {
        for (const [who, extra] of noSession) {
          await check(
            name,
            `${label}, ${who}`,
            signOut.POST as Handler,
            { method: "POST", headers: { ...headers, ...extra, "sec-fetch-site": "same-origin" }, body },
            { redirects: /^\/sign-in\?signed-out$/ },
          );
        }
      }
    });
  });

  describe("POST /u/update (one-click check-in)", () => {
    const name = "POST /u/update";
    const back = /^\/u\/(invalid|[A-Za-z0-9_-]{43}(\?(invalid|refused|nothing)=.*)?)$/;
    const form = (entries: Record<string, string | string[]>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(entries))
        for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
      return f;
    };
    it("refuses bodies that are not forms (400)", async () => {
      const bodies: [string, BodyInit, Record<string, string>][] = [
        ["JSON", JSON.stringify({ token: linkToken }), { "content-type": "application/json" }],
        ["text", "token=x", { "content-type": "text/plain" }],
        [
          "broken multipart",
          '--x\r\nContent-Disposition: form-data; name="token"\r\n\r\nx',
          { "content-type": "multipart/form-data; boundary=x" },
        ],
        ["no content type", "token=x", {}],
      ];
      for (const [label, body, headers] of bodies) {
        await check(
          name,
          label,
          oneClick.POST as Handler,
          { method: "POST", headers, body: label === "no content type" ? new Blob([body as string]) : body },
          { status: 400 },
        );
      }
    });
    it("malformed, unknown and foreign tokens: back to the link's page, nothing written", async () => {
      const tokens = [
        ...MALFORMED_UUIDS.map((b) => String(b.value)),
        ...SQL_PAYLOADS.map((b) => String(b.value)),
        ...UNSTORABLE.slice(0, 2).map((b) => String(b.value)),
        "A".repeat(43),
        `${linkToken.slice(0, 42)}${linkToken.endsWith("A") ? "B" : "A"}`,
        linkToken.toUpperCase() === linkToken ? linkToken.toLowerCase() : linkToken.toUpperCase(),
        "",
        hugeString(),
      ];
      for (const token of tokens) {
        for (const intent of ["check-in", "revoke"]) {
          const row = w.keyResults.individual.id;
          await check(
            name,
            `token ${JSON.stringify(token).slice(0, 30)} ${intent}`,
            oneClick.POST as Handler,
            {
              method: "POST",
              body: form({ token, intent, row, [`value:${row}`]: "3", [`was:${row}`]: "0" }),
            },
            { redirects: back },
          );
        }
      }
    });
    it(`a valid link with malformed rows: back with the rows marked, nothing written (fast-check, seed ${SEED})`, async () => {
      const own = w.keyResults.individual.id;
      const badValue = fc.constantFrom(
        ...NON_NUMERIC_STRINGS.map((b) => String(b.value)),
        "1".repeat(101),
        "a\u0000",
        ...SQL_PAYLOADS.map((b) => String(b.value)),
      );
      const rowId = fc.constantFrom(
        own,
        UNKNOWN_UUID,
        w.keyResults.company.id,
        w.objectives.individual.id,
        "not-a-uuid",
        "' OR 1=1 --",
        "a\u0000b",
      );
      const arb = fc.record({
        row: rowId,
        value: badValue,
        confidence: fc.option(fc.constantFrom("0", "11", "5.5", "NaN", "x".repeat(11)), { nil: undefined }),
        note: fc.option(fc.constantFrom("a\u0000b", "x".repeat(5001), "<script>alert(1)</script>"), {
          nil: undefined,
        }),
        extraRows: fc.array(rowId, { maxLength: 3 }),
      });
      await fc.assert(
        fc.asyncProperty(arb, async (c) => {
          const entries: Record<string, string | string[]> = {
            token: linkToken,
            intent: "check-in",
            row: [c.row, ...c.extraRows],
            [`value:${c.row}`]: c.value,
            [`was:${c.row}`]: "0",
          };
          if (c.confidence !== undefined) entries[`confidence:${c.row}`] = c.confidence;
          if (c.note !== undefined) entries[`note:${c.row}`] = c.note;
          for (const extra of c.extraRows) if (extra !== c.row) entries[`value:${extra}`] = "1e309";
          await check(
            name,
            JSON.stringify(c).slice(0, 160),
            oneClick.POST as Handler,
            { method: "POST", body: form(entries) },
            { redirects: back },
          );
        }),
        { seed: SEED, numRuns: 40, endOnFailure: true },
      );
    });
  });
});
