/**
 * The cycle page's read model: one cycle's objectives as an aligned tree (company → team →
 * individual), filtered by team, owner, level, status and a text search, with counts by status.
 *
 * Builds on `getCycleTree` (the cycle and its objectives, flat) and adds, in one more statement,
 * the teams and people to filter by and the objectives of other cycles that roots align to.
 *
 * Rules:
 * - A child sits under its parent when the parent is a live objective of the same cycle; any other
 *   objective is a root. A root whose parent is a live objective of another cycle names it in
 *   `alignedTo` and is aligned; a non-company root with no live parent is `notAligned`.
 *   Objectives caught in a parent loop become not-aligned roots.
 * - Filters combine with AND. Team: TEAM objectives of that team and objectives owned by its
 *   members. Owner: objectives owned by that person, or by that team. Search: every word must appear
 *   (case-insensitive) in the title, the owner's name or the status reason.
 * - A filtered tree keeps the ancestors of every match so the alignment stays readable; those
 *   ancestors have `match: false`.
 * - `counts` are by status over the whole cycle; `matchCounts` over the matches only.
 * - With a team, owner, level or status filter, only the matches (those filters in SQL) and their
 *   ancestors are read, and the whole cycle's figures (counts, not-aligned count, owners to filter
 *   by) come from one aggregate; so a team's page reads a few dozen objectives, not the cycle.
 * Statements: getCycleTree's two, the settings, and one for the filter options and outside parents.
 */
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { OBJECTIVE_STATUSES, type ObjectiveStatus, prepareCycle } from "@/domain";
import type { Actor } from "./actor";
import type { Level } from "./authz";
import { type CycleTree, getCycleTree, type TreeObjective } from "./get-cycle-tree";
import { getOrgSettings } from "./get-org-settings";
import { uuidList } from "./support";

export const LEVELS = ["COMPANY", "TEAM", "INDIVIDUAL"] as const satisfies readonly Level[];

const optionalId = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((s) => s.toLowerCase())
  .optional()
  .catch(undefined);

/** Query-string filters; anything unknown or malformed is ignored rather than refused. */
export const cycleTreeFiltersSchema = z.object({
  team: optionalId,
  owner: optionalId,
  level: z.enum(LEVELS).optional().catch(undefined),
  status: z.enum(OBJECTIVE_STATUSES).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((s) => (s ? s : undefined)),
});

export type CycleTreeFilters = z.infer<typeof cycleTreeFiltersSchema>;

export type CycleTreeNode = TreeObjective & {
  notAligned: boolean;
  alignedTo: { id: string; title: string; cycleName: string } | null;
  /** False for an ancestor kept only so that a match stays in context. */
  match: boolean;
  children: CycleTreeNode[];
};

export type StatusCounts = Record<ObjectiveStatus, number>;

export type CycleTreePage = {
  cycle: CycleTree["cycle"] & {
    day: number;
    totalDays: number;
    started: boolean;
    ended: boolean;
  };
  filters: CycleTreeFilters;
  filtered: boolean;
  total: number;
  counts: StatusCounts;
  matchTotal: number;
  matchCounts: StatusCounts;
  notAlignedCount: number;
  roots: CycleTreeNode[];
  options: { teams: { id: string; name: string }[]; owners: { id: string; name: string }[] };
};

export async function getCycleTreePage(
  db: Db,
  input: { actor: Actor; cycleId: string; filters?: unknown; now: Date },
): Promise<CycleTreePage> {
  const filters = cycleTreeFiltersSchema.parse(input.filters ?? {});
  const matching = matchingSql(filters);
  const tree = await getCycleTree(db, { actor: input.actor, cycleId: input.cycleId, matching });
  const settings = await getOrgSettings(db);

  const outsideParentIds = tree.objectives
    .filter((o) => o.parentId && !o.parentInTree)
    .map((o) => o.parentId);
  // With a subset of the cycle, the figures over the whole cycle come from SQL: counts by status,
  // the not-aligned count (a non-company objective without a live parent; the objective rules keep
  // parents loop-free) and the people who own objectives (the owner filter's options).
  const whole = matching
    ? sql`,
          (SELECT json_build_object(
                    'counts', json_build_object(
                      'ON_TRACK', count(*) FILTER (WHERE o.status = 'ON_TRACK'),
                      'AT_RISK', count(*) FILTER (WHERE o.status = 'AT_RISK'),
                      'OFF_TRACK', count(*) FILTER (WHERE o.status = 'OFF_TRACK'),
                      'COMPLETED', count(*) FILTER (WHERE o.status = 'COMPLETED')),
                    'not_aligned', count(*) FILTER (WHERE o.level <> 'COMPANY' AND (p.id IS NULL OR p.archived)),
                    'owners', (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name)), '[]'::json)
                               FROM users u
                               WHERE u.id = ANY(array_agg(o.owner_user_id) FILTER (WHERE o.level <> 'TEAM'))))
             FROM objectives o LEFT JOIN objectives p ON p.id = o.parent_id
             WHERE o.cycle_id = ${tree.cycle.id}::uuid AND NOT o.archived) AS whole`
    : sql``;
  const [extra] = await queryRows<{
    teams: { id: string; name: string }[];
    parents: { id: string; title: string; cycle_name: string; live: boolean }[];
    whole?: {
      counts: Partial<StatusCounts>;
      not_aligned: number;
      owners: { id: string; name: string }[];
    } | null;
  }>(
    db,
    sql`SELECT
          (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY lower(t.name), t.id), '[]'::json)
             FROM teams t) AS teams,
          (SELECT coalesce(json_agg(json_build_object('id', p.id, 'title', p.title, 'cycle_name', c.name,
                    'live', NOT p.archived AND p.cycle_id <> ${tree.cycle.id}::uuid)), '[]'::json)
             FROM objectives p JOIN cycles c ON c.id = p.cycle_id
             WHERE p.id = ANY(${uuidList(outsideParentIds)}::uuid[])) AS parents${whole}`,
  );
  const parents = new Map((extra?.parents ?? []).filter((p) => p.live).map((p) => [p.id, p]));

  const position = prepareCycle(
    { startDate: tree.cycle.startDate, endDate: tree.cycle.endDate, timeZone: settings.timeZone },
    input.now,
  );
  const owners = new Map<string, string>();
  if (matching) {
    for (const o of extra?.whole?.owners ?? []) owners.set(o.id, o.name);
  } else {
    for (const o of tree.objectives)
      if (o.owner.kind === "user" && o.owner.id) owners.set(o.owner.id, o.owner.name);
  }

  const built = buildCycleTree(tree.objectives, parents, filters);
  if (matching) {
    const counts = emptyCounts();
    for (const s of OBJECTIVE_STATUSES) counts[s] = Number(extra?.whole?.counts[s] ?? 0);
    built.counts = counts;
    built.total = OBJECTIVE_STATUSES.reduce((n, s) => n + counts[s], 0);
    built.notAlignedCount = Number(extra?.whole?.not_aligned ?? 0);
  }
  const byName = new Intl.Collator().compare;
  return {
    cycle: {
      ...tree.cycle,
      day: position.day,
      totalDays: position.totalDays,
      started: position.started,
      ended: position.ended,
    },
    filters,
    filtered: isFiltered(filters),
    ...built,
    options: {
      teams: extra?.teams ?? [],
      owners: [...owners].map(([id, name]) => ({ id, name })).sort((a, b) => byName(a.name, b.name)),
    },
  };
}

/**
 * The filters that SQL can apply exactly (level, status, owner, team) as a condition on `o`, or
 * undefined when there are none (the text search is applied to the candidates in `matchesFilters`).
 */
function matchingSql(f: CycleTreeFilters): SQL | undefined {
  const parts: SQL[] = [];
  if (f.level) parts.push(sql`o.level = ${f.level}`);
  if (f.status) parts.push(sql`o.status = ${f.status}`);
  if (f.owner) {
    parts.push(sql`CASE WHEN o.level = 'TEAM' THEN o.owner_team_id = ${f.owner}::uuid
                        ELSE o.owner_user_id = ${f.owner}::uuid END`);
  }
  if (f.team) {
    parts.push(sql`o.id IN (SELECT t.id FROM objectives t WHERE t.owner_team_id = ${f.team}::uuid
                             UNION ALL
                             SELECT mo.id FROM team_members m JOIN objectives mo ON mo.owner_user_id = m.user_id
                             WHERE m.team_id = ${f.team}::uuid AND mo.level <> 'TEAM')`);
  }
  return parts.length === 0 ? undefined : sql.join(parts, sql` AND `);
}

export function isFiltered(f: CycleTreeFilters): boolean {
  return Boolean(f.team || f.owner || f.level || f.status || f.q);
}

export function matchesFilters(o: TreeObjective, f: CycleTreeFilters): boolean {
  if (f.level && o.level !== f.level) return false;
  if (f.status && o.status !== f.status) return false;
  if (f.owner && o.owner.id !== f.owner) return false;
  if (f.team && !o.teamIds.includes(f.team) && o.teamId !== f.team) return false;
  if (f.q) {
    const haystack = `${o.title}\n${o.owner.name}\n${o.statusReason}`.toLocaleLowerCase();
    const words = f.q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (!words.every((w) => haystack.includes(w))) return false;
  }
  return true;
}

const emptyCounts = (): StatusCounts => ({ ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 0, COMPLETED: 0 });

/** The tree (pure): nodes under their in-cycle parents, pruned to matches and their ancestors. */
export function buildCycleTree(
  objectives: readonly TreeObjective[],
  outsideParents: ReadonlyMap<string, { id: string; title: string; cycle_name: string }>,
  filters: CycleTreeFilters,
): Pick<CycleTreePage, "total" | "counts" | "matchTotal" | "matchCounts" | "notAlignedCount" | "roots"> {
  const nodes = new Map<string, CycleTreeNode>();
  for (const o of objectives) {
    const outside = o.parentId && !o.parentInTree ? outsideParents.get(o.parentId) : undefined;
    nodes.set(o.id, {
      ...o,
      alignedTo: outside ? { id: outside.id, title: outside.title, cycleName: outside.cycle_name } : null,
      notAligned: o.level !== "COMPANY" && !o.parentInTree && !outside,
      match: matchesFilters(o, filters),
      children: [],
    });
  }
  const roots: CycleTreeNode[] = [];
  const childrenOf = new Map<string, CycleTreeNode[]>();
  for (const node of nodes.values()) {
    const parent = node.parentInTree && node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) {
      const list = childrenOf.get(parent.id) ?? [];
      list.push(node);
      childrenOf.set(parent.id, list);
    } else {
      roots.push(node);
    }
  }
  const placed = new Set<string>();
  const attach = (node: CycleTreeNode) => {
    placed.add(node.id);
    node.children = (childrenOf.get(node.id) ?? []).filter((k) => !placed.has(k.id));
    for (const kid of node.children) attach(kid);
  };
  for (const root of roots) attach(root);
  for (const node of nodes.values()) {
    if (placed.has(node.id)) continue; // a parent loop: show it as a not-aligned root
    node.notAligned = node.level !== "COMPANY";
    node.alignedTo = null;
    roots.push(node);
    attach(node);
  }

  // Keep matches and their ancestors.
  const prune = (list: CycleTreeNode[]): CycleTreeNode[] =>
    list.flatMap((n) => {
      n.children = prune(n.children);
      return n.match || n.children.length > 0 ? [n] : [];
    });

  const counts = emptyCounts();
  const matchCounts = emptyCounts();
  let matchTotal = 0;
  let notAlignedCount = 0;
  for (const n of nodes.values()) {
    counts[n.status] += 1;
    if (n.notAligned) notAlignedCount += 1;
    if (n.match) {
      matchCounts[n.status] += 1;
      matchTotal += 1;
    }
  }
  return { total: nodes.size, counts, matchTotal, matchCounts, notAlignedCount, roots: prune(roots) };
}
