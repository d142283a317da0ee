/**
 * The shared world of the bad-input sweep: the test organisation (tests/helpers/world.ts), real
 * sessions and API tokens for its people, the database fingerprint to compare after every case, a
 * tally of cases per target, and a console.error trap (the app logs every unexpected error — a
 * refused request must not log one).
 */
import { expect, vi } from "vitest";
import { generateApiToken } from "../../src/auth/api-token";
import { apiTokens } from "../../src/db/schema";
import type { TestDb } from "./db";
import { changedTables, type Fingerprint, fingerprint } from "./fingerprint";
import { installDatabase, sessionCookie } from "./request-scope";
import { buildWorld, NOW, type World } from "./world";

export type SweepWorld = World & {
  cookies: Record<"admin" | "lead" | "member" | "other", string>;
  tokens: { adminRead: string; memberWrite: string; revoked: string; expired: string; inactive: string };
  /** Ids of every kind, to put where another kind is expected. */
  ids: { cycle: string; objective: string; keyResult: string; team: string; user: string };
};

async function insertToken(
  h: TestDb,
  userId: string,
  values: Partial<typeof apiTokens.$inferInsert> = {},
): Promise<string> {
  const { token, hash, prefix } = generateApiToken();
  await h.db.insert(apiTokens).values({ userId, name: "sweep", tokenHash: hash, prefix, ...values });
  return token;
}

export async function buildSweepWorld(h: TestDb): Promise<SweepWorld> {
  const w = await buildWorld(h.db);
  installDatabase(h);
  const cookies = {
    admin: await sessionCookie(w.users.admin.id),
    lead: await sessionCookie(w.users.lead.id),
    member: await sessionCookie(w.users.member.id),
    other: await sessionCookie(w.users.other.id),
  };
  const tokens = {
    adminRead: await insertToken(h, w.users.admin.id, { scope: "read" }),
    memberWrite: await insertToken(h, w.users.member.id, { scope: "write" }),
    revoked: await insertToken(h, w.users.admin.id, { scope: "write", revokedAt: NOW }),
    expired: await insertToken(h, w.users.admin.id, { scope: "write", expiresAt: new Date("2020-01-01") }),
    inactive: await insertToken(h, w.users.inactive.id, { scope: "write" }),
  };
  return {
    ...w,
    cookies,
    tokens,
    ids: {
      cycle: w.cycle.id,
      objective: w.objectives.company.id,
      keyResult: w.keyResults.company.id,
      team: w.team.id,
      user: w.users.other.id,
    },
  };
}

/** Ids of every kind except `except`, labelled for wrong-type faults. */
export function wrongIds(w: SweepWorld, except: keyof SweepWorld["ids"]): string[] {
  return Object.entries(w.ids)
    .filter(([k]) => k !== except)
    .map(([, id]) => id);
}

/** Counts cases per target; prints the distribution once at the end. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly statuses = new Map<string, Map<string, number>>();

  add(target: string, outcome: string | number): void {
    this.counts.set(target, (this.counts.get(target) ?? 0) + 1);
    const per = this.statuses.get(target) ?? new Map<string, number>();
    per.set(String(outcome), (per.get(String(outcome)) ?? 0) + 1);
    this.statuses.set(target, per);
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  report(title: string): string {
    const lines = [...this.counts.entries()].map(([t, n]) => {
      const s = [...(this.statuses.get(t) ?? new Map()).entries()].map(([k, v]) => `${k}×${v}`).join(" ");
      return `  ${String(n).padStart(5)}  ${t}  [${s}]`;
    });
    return `${title}: ${this.total} cases\n${lines.join("\n")}`;
  }
}

/**
 * Fails when the database differs from `baseline.current`, naming the changed tables and the case.
 * The baseline then moves to the new state, so that one bad write fails one case, not every later one.
 */
export async function expectUnchanged(
  h: TestDb,
  baseline: { current: Fingerprint },
  label: string,
): Promise<void> {
  const now = await fingerprint(h.db);
  const changed = changedTables(baseline.current, now);
  baseline.current = now;
  expect(changed, `database changed (${changed.join(", ")}) by: ${label}`).toEqual([]);
}

/** Captures console.error (an unexpected error logged by an edge) during a case. */
export function trapConsoleError() {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  return {
    take(): string[] {
      const calls = spy.mock.calls.map((args) =>
        args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" "),
      );
      spy.mockClear();
      return calls;
    },
    restore: () => spy.mockRestore(),
  };
}
