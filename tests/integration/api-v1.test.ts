/** The JSON API: each endpoint, each error code (400/401/403/404/409/422/500), cross-site and content-type refusals. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  activateCycleEndpoint,
  archiveObjectiveEndpoint,
  checkInEndpoint,
  createCycleEndpoint,
  createKeyResultEndpoint,
  createObjectiveEndpoint,
  cycleTreeEndpoint,
  getKeyResultEndpoint,
  getObjectiveEndpoint,
  healthEndpoint,
  listCyclesEndpoint,
  updateCycleEndpoint,
  updateKeyResultEndpoint,
  updateObjectiveEndpoint,
} from "../../src/app/api/v1/_lib/endpoints";
import { endpoint, isCrossSite } from "../../src/app/api/v1/_lib/handler";
import { callApi } from "../helpers/api";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { insertCycle, insertKeyResult, insertObjective } from "../helpers/fixtures";
import { buildWorld, NOW, snapshot, type World } from "../helpers/world";

let h: TestDb;
let w: World;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  h = await createTestDb();
  w = await buildWorld(h.db);
});
afterAll(async () => {
  await h?.close();
});

const as = (who: keyof World["actors"] | null) => ({ db: h.db, actor: who ? w.actors[who] : null, now: NOW });

describe(`API v1 on ${dialectName}`, () => {
  it("cycles: list, create (DRAFT), update, activate, tree", async () => {
    const list = await callApi(listCyclesEndpoint, as("member"));
    expect(list.status).toBe(200);
    expect(list.json.cycles.map((c: { name: string }) => c.name)).toContain("Q3 2026");

    const created = await callApi(createCycleEndpoint, {
      ...as("admin"),
      body: { name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Q4 2026", status: "DRAFT" });

    const updated = await callApi(updateCycleEndpoint, {
      ...as("admin"),
      params: { id: created.json.id },
      body: { name: "Q4" },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.name).toBe("Q4");

    const activated = await callApi(activateCycleEndpoint, {
      ...as("admin"),
      params: { id: created.json.id },
    });
    expect(activated.status).toBe(200);
    expect(activated.json.status).toBe("ACTIVE");

    const tree = await callApi(cycleTreeEndpoint, { ...as("other"), params: { id: w.cycle.id } });
    expect(tree.status).toBe(200);
    expect(tree.json.objectives).toHaveLength(3);
  });

  it("objectives: create, get, patch with version, archive", async () => {
    const created = await callApi(createObjectiveEndpoint, {
      ...as("member"),
      body: {
        cycleId: w.cycle.id,
        title: "  Write a book  ",
        level: "INDIVIDUAL",
        parentId: w.objectives.team.id,
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ title: "Write a book", ownerUserId: w.users.member.id, version: 1 });
    const id = created.json.id;

    const got = await callApi(getObjectiveEndpoint, { ...as("other"), params: { id } });
    expect(got.status).toBe(200);
    expect(got.json.objective).toMatchObject({ id, title: "Write a book" });
    expect(got.json.parent.id).toBe(w.objectives.team.id);

    const patched = await callApi(updateObjectiveEndpoint, {
      ...as("member"),
      params: { id },
      body: { version: 1, title: "Write two books", objectiveId: UNKNOWN },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id, title: "Write two books", version: 2 });

    const archived = await callApi(archiveObjectiveEndpoint, {
      ...as("member"),
      params: { id },
      body: { version: 2 },
    });
    expect(archived.status).toBe(200);
    expect(archived.json).toMatchObject({ archived: true, version: 3 });
  });

  it("key results: create, get, patch, check in", async () => {
    const created = await callApi(createKeyResultEndpoint, {
      ...as("lead"),
      body: { objectiveId: w.objectives.team.id, title: "Deploys per week", startValue: 2, targetValue: 20 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ currentValue: 2, ownerUserId: w.users.lead.id });
    const id = created.json.id;

    const patched = await callApi(updateKeyResultEndpoint, {
      ...as("lead"),
      params: { id },
      body: { version: 1, unit: "deploys" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ unit: "deploys", version: 2 });

    const checked = await callApi(checkInEndpoint, {
      ...as("lead"),
      params: { id },
      body: { value: 8, confidence: 6, note: "CI is faster" },
    });
    expect(checked.status).toBe(201);
    expect(checked.json.checkIn).toMatchObject({ previousValue: 2, newValue: 8, source: "api" });
    expect(checked.json.keyResult.status).toMatch(/ON_TRACK|AT_RISK|OFF_TRACK|COMPLETED/);

    const got = await callApi(getKeyResultEndpoint, { ...as("member"), params: { id } });
    expect(got.status).toBe(200);
    expect(got.json.history[0]).toMatchObject({ newValue: 8, author: { name: "Lee Lead" } });
  });

  it("health: the active cycle by default, or ?cycleId=", async () => {
    const health = await callApi(healthEndpoint, { ...as("member"), path: "/api/v1/health" });
    expect(health.status).toBe(200);
    expect(health.json.cycle.name).toBe("Q3 2026");
    const other = await callApi(healthEndpoint, {
      ...as("member"),
      path: `/api/v1/health?cycleId=${w.otherCycle.id}`,
    });
    expect(other.json.cycle.name).toBe("2026");
    const missing = await callApi(healthEndpoint, {
      ...as("member"),
      path: `/api/v1/health?cycleId=${UNKNOWN}`,
    });
    expect(missing.status).toBe(404);
  });

  describe("errors", () => {
    it("401 without a session, on reads and writes", async () => {
      const read = await callApi(listCyclesEndpoint, as(null));
      expect(read.status).toBe(401);
      expect(read.json.error.code).toBe("UNAUTHENTICATED");
      const write = await callApi(createCycleEndpoint, { ...as(null), body: { name: "X" } });
      expect(write.status).toBe(401);
    });

    it("403 when the rules refuse, nothing written", async () => {
      const before = await snapshot(h.db);
      const r = await callApi(createCycleEndpoint, {
        ...as("member"),
        body: { name: "Mine", startDate: "2026-10-01", endDate: "2026-12-31" },
      });
      expect(r.status).toBe(403);
      expect(r.json.error).toMatchObject({ code: "FORBIDDEN", fields: {} });
      expect(await snapshot(h.db)).toEqual(before);
    });

    it("403 for a cross-site write (Origin of another site), nothing written", async () => {
      const before = await snapshot(h.db);
      const r = await callApi(createCycleEndpoint, {
        ...as("admin"),
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        body: { name: "Evil", startDate: "2026-10-01", endDate: "2026-12-31" },
      });
      expect(r.status).toBe(403);
      expect(r.json.error.message).toMatch(/Cross-site/);
      expect(await snapshot(h.db)).toEqual(before);
    });

    it("same-site writes pass: Origin of the Host or of APP_URL, or Sec-Fetch-Site same-origin/none; no headers (scripts) pass", () => {
      const req = (headers: Record<string, string>) =>
        new Request("http://cairn.test/api/v1/cycles", {
          method: "POST",
          headers: { host: "cairn.test", ...headers },
        });
      expect(isCrossSite(req({ origin: "http://cairn.test" }))).toBe(false);
      expect(isCrossSite(req({ origin: "https://okr.example.com" }), "https://okr.example.com")).toBe(false);
      expect(isCrossSite(req({ "sec-fetch-site": "same-origin" }))).toBe(false);
      expect(isCrossSite(req({ "sec-fetch-site": "none" }))).toBe(false);
      expect(isCrossSite(req({}))).toBe(false);
      expect(isCrossSite(req({ origin: "https://evil.example" }))).toBe(true);
      expect(isCrossSite(req({ origin: "null" }))).toBe(true);
      expect(isCrossSite(req({ "sec-fetch-site": "same-site" }))).toBe(true);
      expect(isCrossSite(req({ origin: "http://cairn.test.evil.example" }))).toBe(true);
    });

    it("400 for a wrong content type, bad JSON, a non-object body — nothing written", async () => {
      const before = await snapshot(h.db);
      const body = JSON.stringify({ name: "Q9", startDate: "2026-10-01", endDate: "2026-12-31" });
      const wrongType = await callApi(createCycleEndpoint, {
        ...as("admin"),
        raw: body,
        headers: { "content-type": "text/plain" },
      });
      expect(wrongType.status).toBe(400);
      expect(wrongType.json.error.fields._body).toBeDefined();
      const form = await callApi(createCycleEndpoint, {
        ...as("admin"),
        raw: "name=Q9",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(form.status).toBe(400);
      const badJson = await callApi(createCycleEndpoint, { ...as("admin"), raw: "{name: Q9" });
      expect(badJson.status).toBe(400);
      expect(badJson.json.error.message).toMatch(/not valid JSON/);
      const array = await callApi(createCycleEndpoint, { ...as("admin"), raw: "[1,2]" });
      expect(array.status).toBe(400);
      expect(await snapshot(h.db)).toEqual(before);
    });

    it("400 naming every bad field", async () => {
      const r = await callApi(createKeyResultEndpoint, {
        ...as("admin"),
        body: {
          objectiveId: w.objectives.company.id,
          title: "",
          startValue: 10,
          targetValue: 5,
          confidence: 11,
        },
      });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("BAD_INPUT");
      expect(Object.keys(r.json.error.fields).sort()).toEqual(["confidence", "title"]);
      const reversed = await callApi(createKeyResultEndpoint, {
        ...as("admin"),
        body: { objectiveId: w.objectives.company.id, title: "Up", startValue: 10, targetValue: 5 },
      });
      expect(reversed.status).toBe(400);
      expect(Object.keys(reversed.json.error.fields)).toEqual(["targetValue"]);
      const checkIn = await callApi(checkInEndpoint, {
        ...as("admin"),
        params: { id: w.keyResults.company.id },
        body: { value: "NaN", confidence: 0 },
      });
      expect(checkIn.status).toBe(400);
      expect(Object.keys(checkIn.json.error.fields).sort()).toEqual(["confidence", "value"]);
    });

    it("404 for unknown and malformed ids", async () => {
      for (const id of [UNKNOWN, "not-a-uuid"]) {
        const r = await callApi(getObjectiveEndpoint, { ...as("member"), params: { id } });
        expect(r.status).toBe(404);
        expect(r.json.error.code).toBe("NOT_FOUND");
      }
      expect((await callApi(cycleTreeEndpoint, { ...as("member"), params: { id: UNKNOWN } })).status).toBe(
        404,
      );
      expect((await callApi(getKeyResultEndpoint, { ...as("member"), params: { id: UNKNOWN } })).status).toBe(
        404,
      );
      const checkIn = await callApi(checkInEndpoint, {
        ...as("admin"),
        params: { id: UNKNOWN },
        body: { value: 1 },
      });
      expect(checkIn.status).toBe(404);
    });

    it("409 with the current values on a stale version", async () => {
      const o = await insertObjective(h.db, {
        cycleId: w.cycle.id,
        ownerUserId: w.users.admin.id,
        title: "Original",
      });
      const first = await callApi(updateObjectiveEndpoint, {
        ...as("admin"),
        params: { id: o.id },
        body: { version: 1, title: "Mine" },
      });
      expect(first.status).toBe(200);
      const before = await snapshot(h.db);
      const stale = await callApi(updateObjectiveEndpoint, {
        ...as("admin"),
        params: { id: o.id },
        body: { version: 1, title: "Theirs" },
      });
      expect(stale.status).toBe(409);
      expect(stale.json.error).toMatchObject({
        code: "CONFLICT",
        current: { id: o.id, title: "Mine", version: 2 },
      });
      expect(await snapshot(h.db)).toEqual(before);
    });

    it("422 for a check-in on a closed cycle", async () => {
      const closed = await insertCycle(h.db, { status: "COMPLETED", closedAt: NOW });
      const o = await insertObjective(h.db, { cycleId: closed.id, ownerUserId: w.users.admin.id });
      const kr = await insertKeyResult(h.db, { objectiveId: o.id, ownerUserId: w.users.admin.id });
      const r = await callApi(checkInEndpoint, { ...as("admin"), params: { id: kr.id }, body: { value: 3 } });
      expect(r.status).toBe(422);
      expect(r.json.error.code).toBe("UNPROCESSABLE");
    });

    it("500 with a generic message for an unexpected error, logged on the server", async () => {
      const log = vi.spyOn(console, "error").mockImplementation(() => {});
      const boom = endpoint("GET", async () => {
        throw new Error("secret detail at /srv/db.ts:42");
      });
      const r = await callApi(boom, as("member"));
      expect(r.status).toBe(500);
      expect(r.json.error.code).toBe("INTERNAL");
      expect(JSON.stringify(r.json)).not.toMatch(/secret|db\.ts|at /);
      expect(log).toHaveBeenCalled();
      log.mockRestore();
    });
  });
});
