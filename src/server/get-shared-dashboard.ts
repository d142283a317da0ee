/**
 * The company health dashboard as the pages and the API serve it: one computation shared by
 * everyone who asks within `DASHBOARD_MAX_AGE_MS`, in this process.
 *
 * Why: the dashboard is the signed-in home page of every person, and its figures do not depend on
 * who asks (everyone may read every OKR). At 10,000 people a Monday morning brings thousands of
 * identical computations, each reading every key result of the cycle (getDashboard: ~0.3 s at
 * 60,000 key results, see docs/performance.md). So the result is computed once and shared:
 * - keyed by the database handle, the cycle asked for and the "since" of the changes section;
 * - fresh for DASHBOARD_MAX_AGE_MS after the moment it was computed for; the figures say "as of"
 *   that moment (`current.asOf`), so a page never claims to be newer than it is;
 * - single-flight: requests that arrive while it is being computed wait for that computation;
 * - dropped in this process after every write through the app (`invalidateSharedDashboards`, called
 *   by the form actions' revalidation, API writes and one-click updates), so whoever just checked
 *   in sees it at once; another instance's writes show within DASHBOARD_MAX_AGE_MS.
 * Authorization is checked on every call, before the shared result is used.
 */
import type { Db } from "@/db/client";
import { canRead } from "./authz";
import { type Dashboard, type GetDashboardInput, getDashboard } from "./get-dashboard";
import { forbidden } from "./support";

export const DASHBOARD_MAX_AGE_MS = 30_000;
/** At most this many (cycle, since) results per database are kept; the oldest goes first. */
const MAX_ENTRIES = 32;

type Entry = { at: number; generation: number; value: Promise<Dashboard> };
type Cache = { generation: number; byDb: WeakMap<Db, Map<string, Entry>> };

// Next bundles server code apart from the start script: keep one cache per process on globalThis.
const KEY = Symbol.for("cairn.shared-dashboard");
function cache(): Cache {
  const holder = globalThis as { [KEY]?: Cache };
  holder[KEY] ??= { generation: 0, byDb: new WeakMap() };
  return holder[KEY];
}

/** Forget every shared dashboard of this process (after a write). */
export function invalidateSharedDashboards(): void {
  cache().generation += 1;
}

function sinceKey(since: GetDashboardInput["since"]): string {
  if (since instanceof Date) return Number.isFinite(since.getTime()) ? since.toISOString() : "";
  return since ?? "";
}

export async function getSharedDashboard(
  db: Db,
  input: GetDashboardInput,
  options: { maxAgeMs?: number } = {},
): Promise<Dashboard> {
  if (!canRead(input.actor)) throw forbidden();
  const maxAge = options.maxAgeMs ?? DASHBOARD_MAX_AGE_MS;
  const c = cache();
  let entries = c.byDb.get(db);
  if (!entries) {
    entries = new Map();
    c.byDb.set(db, entries);
  }
  const key = `${input.cycleId?.toLowerCase() ?? ""}|${sinceKey(input.since)}`;
  const now = input.now.getTime();
  const hit = entries.get(key);
  // Fresh: computed in this generation, for a moment not after `now` and less than maxAge before it.
  if (hit && hit.generation === c.generation && now >= hit.at && now - hit.at < maxAge) return hit.value;

  const value = getDashboard(db, input);
  const entry: Entry = { at: now, generation: c.generation, value };
  entries.delete(key);
  entries.set(key, entry);
  if (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  // A failed computation (a cycle that does not exist, a lost connection) is not shared afterwards.
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}
