/**
 * Personal API tokens: created once and hashed at rest, listed with last use, revoked by their
 * owner or an admin; on /api/v1 a token acts as its person with the web app's rules, a read token
 * may only read, and revoked, expired, unknown, malformed or deactivated people's tokens get 401 —
 * on every endpoint.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activateCycleEndpoint,
  archiveObjectiveEndpoint,
  checkInEndpoint,
  createCycleEndpoint,
  createKeyResultEndpoint,
  createObjectiveEndpoint,
  cycleHealthEndpoint,
  cycleRetrospectiveEndpoint,
  cycleTreeEndpoint,
  getKeyResultEndpoint,
  getObjectiveEndpoint,
  healthEndpoint,
  listCyclesEndpoint,
  updateCycleEndpoint,
  updateKeyResultEndpoint,
  updateObjectiveEndpoint,
} from "../../src/app/api/v1/_lib/endpoints";
import type { Endpoint } from "../../src/app/api/v1/_lib/handler";
import { API_TOKEN_PATTERN, hashApiToken } from "../../src/auth/api-token";
import { apiTokens, users } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { createApiToken } from "../../src/server/create-api-token";
import { listAllApiTokens, listApiTokens } from "../../src/server/list-api-tokens";
import { revokeApiToken } from "../../src/server/revoke-api-token";
import { callApi } from "../helpers/api";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { insertUser } from "../helpers/fixtures";
import { actorOf, buildWorld, expectAppError, NOW, snapshot, type World } from "../helpers/world";

let h: TestDb;
let w: World;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await createTestDb();
  w = await buildWorld(h.db);
  const make = async (
    who: "admin" | "member",
    scope: "read" | "write",
    extra: { expiresInDays?: number } = {},
  ) =>
    (await createApiToken(h.db, { actor: w.actors[who], now: NOW, name: `${who} ${scope}`, scope, ...extra }))
      .token;
  tokens.adminRead = await make("admin", "read");
  tokens.adminWrite = await make("admin", "write");
  tokens.memberWrite = await make("member", "write");
  tokens.revoked = await make("admin", "write");
  tokens.expired = await make("admin", "write", { expiresInDays: 1 });
  const revoked = await h.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashApiToken(tokens.revoked)));
  await revokeApiToken(h.db, { actor: w.actors.admin, now: NOW, tokenId: revoked[0]!.id });
  // A person who is deactivated after creating a token.
  const leaver = await insertUser(h.db, { name: "Lou Leaver", role: "admin" });
  tokens.deactivated = (
    await createApiToken(h.db, { actor: actorOf(leaver), now: NOW, name: "old script", scope: "write" })
  ).token;
  await h.db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
});
afterAll(async () => {
  await h?.close();
});

/** Two days after NOW: the 1-day token has expired. */
const LATER = new Date(NOW.getTime() + 2 * 86_400_000);
const bearer = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

type Case = {
  name: string;
  ep: Endpoint<never>;
  params?: () => Record<string, string>;
  body?: () => unknown;
};
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** Every /api/v1 endpoint, with a request that a permitted person could make. */
const CASES: Case[] = [
  { name: "GET cycles", ep: listCyclesEndpoint as Endpoint<never> },
  {
    name: "POST cycles",
    ep: createCycleEndpoint as Endpoint<never>,
    body: () => ({ name: "Q1 2027", startDate: "2027-01-01", endDate: "2027-03-31" }),
  },
  {
    name: "PATCH cycles/{id}",
    ep: updateCycleEndpoint as Endpoint<never>,
    params: () => ({ id: w.otherCycle.id }),
    body: () => ({ name: "Year 2026" }),
  },
  {
    name: "POST cycles/{id}/activate",
    ep: activateCycleEndpoint as Endpoint<never>,
    params: () => ({ id: UNKNOWN }),
  },
  {
    name: "GET cycles/{id}/tree",
    ep: cycleTreeEndpoint as Endpoint<never>,
    params: () => ({ id: w.cycle.id }),
  },
  {
    name: "GET cycles/{id}/health",
    ep: cycleHealthEndpoint as Endpoint<never>,
    params: () => ({ id: w.cycle.id }),
  },
  {
    name: "GET cycles/{id}/retrospective",
    ep: cycleRetrospectiveEndpoint as Endpoint<never>,
    params: () => ({ id: w.cycle.id }),
  },
  {
    name: "POST objectives",
    ep: createObjectiveEndpoint as Endpoint<never>,
    body: () => ({ cycleId: w.cycle.id, title: "Token objective", level: "COMPANY" }),
  },
  {
    name: "GET objectives/{id}",
    ep: getObjectiveEndpoint as Endpoint<never>,
    params: () => ({ id: w.objectives.company.id }),
  },
  {
    name: "PATCH objectives/{id}",
    ep: updateObjectiveEndpoint as Endpoint<never>,
    params: () => ({ id: w.objectives.elsewhere.id }),
    body: () => ({ version: 1, title: "Yearly goal, renamed" }),
  },
  {
    name: "POST objectives/{id}/archive",
    ep: archiveObjectiveEndpoint as Endpoint<never>,
    params: () => ({ id: UNKNOWN }),
    body: () => ({}),
  },
  {
    name: "POST key-results",
    ep: createKeyResultEndpoint as Endpoint<never>,
    body: () => ({
      objectiveId: w.objectives.company.id,
      title: "Fed nightly",
      targetValue: 10,
      autoUpdate: true,
    }),
  },
  {
    name: "GET key-results/{id}",
    ep: getKeyResultEndpoint as Endpoint<never>,
    params: () => ({ id: w.keyResults.company.id }),
  },
  {
    name: "PATCH key-results/{id}",
    ep: updateKeyResultEndpoint as Endpoint<never>,
    params: () => ({ id: w.keyResults.company.id }),
    body: () => ({ version: 1, unit: "€" }),
  },
  {
    name: "POST key-results/{id}/check-ins",
    ep: checkInEndpoint as Endpoint<never>,
    params: () => ({ id: w.keyResults.company.id }),
    body: () => ({ value: 3 }),
  },
  { name: "GET health", ep: healthEndpoint as Endpoint<never> },
];

const call = (c: Case, headers: Record<string, string>, now = NOW) =>
  callApi(c.ep, { db: h.db, actor: null, now, params: c.params?.(), body: c.body?.(), headers });

describe(`API tokens on ${dialectName}`, () => {
  it("shows the token once and stores only its SHA-256 hash and a short prefix", async () => {
    const created = await createApiToken(h.db, {
      actor: w.actors.member,
      now: NOW,
      name: " CI ",
      scope: "read",
    });
    expect(created.token).toMatch(API_TOKEN_PATTERN);
    expect(Buffer.from(created.token.slice("cairn_".length), "base64url")).toHaveLength(32);
    expect(created.apiToken).toMatchObject({ name: "CI", scope: "read", state: "active", lastUsedAt: null });
    expect(created.token.startsWith(created.apiToken.prefix)).toBe(true);
    expect(created.apiToken.prefix.length).toBeLessThan(16);
    const rows = await queryRows<{ row: string }>(h.db, sql`SELECT x::text AS row FROM api_tokens x`);
    const dump = rows.map((r) => r.row).join("\n");
    for (const token of [created.token, ...Object.values(tokens)]) {
      expect(dump).not.toContain(token);
      expect(dump).toContain(hashApiToken(token));
    }
    expect(JSON.stringify(await listApiTokens(h.db, { actor: w.actors.member, now: NOW }))).not.toContain(
      created.token,
    );
  });

  it("every endpoint: a read token may read and gets 403 on writes, nothing written", async () => {
    for (const c of CASES) {
      const before = await snapshot(h.db);
      const r = await call(c, bearer(tokens.adminRead!));
      if (c.ep.method === "GET") {
        // The retrospective of a cycle still open is "not written yet" (404): read, not refused.
        const expected = c.name.includes("retrospective") ? 404 : 200;
        expect(r.status, `${c.name}: ${JSON.stringify(r.json)}`).toBe(expected);
      } else {
        expect(r.status, c.name).toBe(403);
        expect(r.json.error.code).toBe("FORBIDDEN");
        expect(await snapshot(h.db), c.name).toEqual(before);
      }
    }
  });

  it("every endpoint: revoked, expired, unknown, malformed and deactivated people's tokens get 401, nothing written", async () => {
    const bad = {
      revoked: bearer(tokens.revoked!),
      expired: bearer(tokens.expired!),
      deactivated: bearer(tokens.deactivated!),
      unknown: bearer(`cairn_${"A".repeat(43)}`),
      malformed: bearer("not-a-token"),
      "not bearer": { authorization: `Basic ${tokens.adminWrite}` },
    };
    for (const c of CASES) {
      for (const [what, headers] of Object.entries(bad)) {
        const before = await snapshot(h.db);
        const r = await call(c, headers, LATER);
        expect(r.status, `${c.name} with a ${what} token`).toBe(401);
        expect(r.json.error.code).toBe("UNAUTHENTICATED");
        expect(await snapshot(h.db)).toEqual(before);
      }
    }
  });

  it("every endpoint: a write token acts as its person (an admin here), never 401 or 403", async () => {
    for (const c of CASES) {
      const r = await call(c, bearer(tokens.adminWrite!));
      expect([401, 403], `${c.name}: ${JSON.stringify(r.json)}`).not.toContain(r.status);
      expect(r.status, c.name).toBeLessThan(500);
    }
  });

  it("the same permission rules as the web app: a member's write token", async () => {
    const refused = await call(CASES[1]!, bearer(tokens.memberWrite!));
    expect(refused.status).toBe(403);
    const own = await callApi(checkInEndpoint, {
      db: h.db,
      actor: null,
      now: NOW,
      params: { id: w.keyResults.individual.id },
      body: { value: 4 },
      headers: bearer(tokens.memberWrite!),
    });
    expect(own.status).toBe(201);
    expect(own.json.checkIn.source).toBe("api");
    const others = await callApi(checkInEndpoint, {
      db: h.db,
      actor: null,
      now: NOW,
      params: { id: w.keyResults.team.id },
      body: { value: 4 },
      headers: bearer(tokens.memberWrite!),
    });
    expect(others.status).toBe(403);
  });

  it("bearer writes are not cross-site-checked; cookie writes still are", async () => {
    const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    const c = CASES.find((x) => x.name === "POST key-results/{id}/check-ins")!;
    const withToken = await call(c, bearer(tokens.adminWrite!, evil));
    expect(withToken.status).toBe(201);
    const withCookie = await callApi(checkInEndpoint, {
      db: h.db,
      actor: w.actors.admin,
      now: NOW,
      params: c.params!(),
      body: c.body!(),
      headers: evil,
    });
    expect(withCookie.status).toBe(403);
  });

  it("records last use at most once a minute", async () => {
    const { token, apiToken } = await createApiToken(h.db, {
      actor: w.actors.other,
      now: NOW,
      name: "usage",
      scope: "read",
    });
    const lastUsed = async () =>
      (await listApiTokens(h.db, { actor: w.actors.other, now: NOW })).find((t) => t.id === apiToken.id)!
        .lastUsedAt;
    const get = (now: Date) => call(CASES[0]!, bearer(token), now);
    expect(await lastUsed()).toBeNull();
    expect((await get(NOW)).status).toBe(200);
    expect(await lastUsed()).toBe(NOW.toISOString());
    expect((await get(new Date(NOW.getTime() + 30_000))).status).toBe(200);
    expect(await lastUsed()).toBe(NOW.toISOString());
    const later = new Date(NOW.getTime() + 61_000);
    expect((await get(later)).status).toBe(200);
    expect(await lastUsed()).toBe(later.toISOString());
  });

  it("revoking: the owner or an admin; others see NOT_FOUND; the token stops working at once", async () => {
    const mine = await createApiToken(h.db, { actor: w.actors.lead, now: NOW, name: "mine", scope: "read" });
    await expectAppError(
      revokeApiToken(h.db, { actor: w.actors.member, now: NOW, tokenId: mine.apiToken.id }),
      "NOT_FOUND",
    );
    expect((await call(CASES[0]!, bearer(mine.token))).status).toBe(200);
    const revoked = await revokeApiToken(h.db, { actor: w.actors.lead, now: NOW, tokenId: mine.apiToken.id });
    expect(revoked.state).toBe("revoked");
    expect((await call(CASES[0]!, bearer(mine.token))).status).toBe(401);

    const another = await createApiToken(h.db, {
      actor: w.actors.lead,
      now: NOW,
      name: "another",
      scope: "write",
    });
    const byAdmin = await revokeApiToken(h.db, {
      actor: w.actors.admin,
      now: NOW,
      tokenId: another.apiToken.id,
    });
    expect(byAdmin).toMatchObject({ state: "revoked", user: { id: w.users.lead.id } });
    expect((await call(CASES[0]!, bearer(another.token))).status).toBe(401);
  });

  it("lists: your own tokens; everyone's for admins only; expired ones marked", async () => {
    const own = await listApiTokens(h.db, { actor: w.actors.member, now: NOW });
    expect(own.every((t) => t.user.id === w.users.member.id)).toBe(true);
    const all = await listAllApiTokens(h.db, { actor: w.actors.admin, now: LATER });
    expect(new Set(all.map((t) => t.user.id)).size).toBeGreaterThan(2);
    expect(all.find((t) => t.name === "admin write" && t.expiresAt !== null)?.state).toBe("expired");
    await expectAppError(listAllApiTokens(h.db, { actor: w.actors.member, now: NOW }), "FORBIDDEN");
  });

  it("validates what it creates", async () => {
    await expectAppError(
      createApiToken(h.db, {
        actor: w.actors.member,
        now: NOW,
        name: "",
        scope: "admin" as "read",
        expiresInDays: 0,
      }),
      "BAD_INPUT",
      ["name", "scope", "expiresInDays"],
    );
    await expectAppError(
      createApiToken(h.db, { actor: w.actors.inactive, now: NOW, name: "x", scope: "read" }),
      "FORBIDDEN",
    );
  });

  it("key results fed by a script: autoUpdate on create and update", async () => {
    const headers = bearer(tokens.adminWrite!);
    const created = await callApi(createKeyResultEndpoint, {
      db: h.db,
      actor: null,
      now: NOW,
      headers,
      body: {
        objectiveId: w.objectives.company.id,
        title: "Nightly revenue",
        targetValue: 100,
        autoUpdate: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.autoUpdate).toBe(true);
    const plain = await callApi(createKeyResultEndpoint, {
      db: h.db,
      actor: null,
      now: NOW,
      headers,
      body: { objectiveId: w.objectives.company.id, title: "Typed in", targetValue: 5 },
    });
    expect(plain.json.autoUpdate).toBe(false);
    const off = await callApi(updateKeyResultEndpoint, {
      db: h.db,
      actor: null,
      now: NOW,
      headers,
      params: { id: created.json.id },
      // The form's checkbox sends "true" or "false" as text.
      body: { version: 1, autoUpdate: "false" },
    });
    expect(off.status).toBe(200);
    expect(off.json.autoUpdate).toBe(false);
    const bad = await callApi(updateKeyResultEndpoint, {
      db: h.db,
      actor: null,
      now: NOW,
      headers,
      params: { id: created.json.id },
      body: { version: 2, autoUpdate: "maybe" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(["autoUpdate"]);
  });
});
