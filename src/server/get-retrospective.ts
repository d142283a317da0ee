/**
 * The end-of-cycle retrospective: the report `closeCycle` writes once into `cycle_retrospectives`
 * (built by the pure `buildRetrospectiveReport` below), read back with today's names of people,
 * teams and the cycle, plus what can still be carried over into a next cycle.
 *
 * Rules of the report (every number is about the cycle's live, i.e. not archived, objectives):
 * - Key results counted: every key result except DROPPED ones (dropped ones are only counted).
 * - KR completion rate = completed ÷ counted key results, in whole percent (0 when there are none);
 *   objectives completed = objectives whose final status is COMPLETED.
 * - Outcome of each counted key result (EVERY key result that did not complete is partial or missed,
 *   not only off-track ones):
 *     achieved  = final status COMPLETED;
 *     partial   = not completed, and grade ≥ 0.40 or final progress ≥ 40 %;
 *     missed    = every other key result.
 * - Grade distribution: bands of `gradeBand` (green ≥ 0.70, yellow ≥ 0.40, red below) for objectives
 *   (ungraded when they had no counted key result) and for counted key results.
 * - A key result's team: the team that owns its objective (TEAM objectives); otherwise the first
 *   team (by name) of the key result's owner; otherwise "No team".
 * - Confidence calibration by team: the owners' average confidence over the cycle (per key result
 *   the mean of the confidences given with its check-ins in the cycle, or its current confidence
 *   when none was given; then the mean over the team's key results) against outcomes: average
 *   grade and the share completed. Gap = average confidence ÷ 10 − average grade (above 0:
 *   over-confident, below 0: under-confident).
 * - Check-in discipline by team: check-ins per key result per week = the team's check-ins in the
 *   cycle ÷ (key results × weeks of the cycle); share of weeks with a check-in = (key result, week)
 *   pairs with at least one check-in ÷ (key results × weeks). Weeks are counted from the cycle's
 *   first day (days 1–7 are week 1), in the organisation's time zone; weeks = ⌈days ÷ 7⌉.
 * - Learnings: for each missed key result, the last non-empty note its owner wrote with a check-in
 *   during the cycle.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { type GradeBand, gradeBand, type KrKind, type KrStatus, type ObjectiveStatus } from "@/domain";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { parseInput, uuid } from "./inputs";

export const RETROSPECTIVE_QUESTIONS = [
  "Which missed OKRs were in our control?",
  "Did we set the right objectives for this quarter?",
  "What should we carry forward vs. drop next quarter?",
] as const;

export type Outcome = "achieved" | "partial" | "missed";

export type KrOutcome = {
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  ownerId: string;
  ownerName: string;
  teamId: string | null;
  teamName: string;
  kind: KrKind;
  startValue: number;
  targetValue: number;
  finalValue: number;
  unit: string;
  status: KrStatus;
  progress: number;
  grade: number;
  band: GradeBand;
  outcome: Outcome;
};

export type BandCounts = Record<GradeBand, number> & { ungraded: number };

export type TeamCalibration = {
  teamId: string | null;
  teamName: string;
  keyResults: number;
  averageConfidence: number;
  averageGrade: number;
  completedShare: number;
  gap: number;
};

export type TeamDiscipline = {
  teamId: string | null;
  teamName: string;
  keyResults: number;
  checkIns: number;
  checkInsPerKrPerWeek: number;
  weeksWithCheckInShare: number;
};

export type Learning = {
  keyResultId: string;
  keyResultTitle: string;
  objectiveTitle: string;
  ownerId: string;
  ownerName: string;
  note: string;
  at: string;
};

export type RetrospectiveReport = {
  version: 1;
  cycle: { id: string; name: string; startDate: string; endDate: string; closedAt: string; weeks: number };
  summary: {
    keyResults: number;
    completedKeyResults: number;
    krCompletionRate: number;
    objectives: number;
    completedObjectives: number;
    achieved: number;
    partial: number;
    missed: number;
    dropped: number;
    averageKrGrade: number | null;
    averageObjectiveGrade: number | null;
  };
  achieved: KrOutcome[];
  partial: KrOutcome[];
  missed: KrOutcome[];
  objectives: {
    id: string;
    title: string;
    level: "COMPANY" | "TEAM" | "INDIVIDUAL";
    status: ObjectiveStatus;
    progress: number;
    grade: number | null;
  }[];
  gradeDistribution: { objectives: BandCounts; keyResults: BandCounts };
  calibration: TeamCalibration[];
  discipline: TeamDiscipline[];
  learnings: Learning[];
  questions: string[];
};

/** What the builder needs, already frozen (final statuses, values and grades). */
export type ReportInput = {
  cycle: { id: string; name: string; startDate: string; endDate: string; closedAt: Date };
  objectives: {
    id: string;
    title: string;
    level: "COMPANY" | "TEAM" | "INDIVIDUAL";
    status: ObjectiveStatus;
    progress: number;
    grade: number | null;
  }[];
  keyResults: {
    id: string;
    objectiveId: string;
    title: string;
    ownerId: string;
    ownerName: string;
    teamId: string | null;
    teamName: string | null;
    kind: KrKind;
    startValue: number;
    targetValue: number;
    finalValue: number;
    unit: string;
    status: KrStatus;
    progress: number;
    grade: number | null;
    /** Current confidence of the key result (used when no check-in gave one). */
    confidence: number;
    /** Mean of the confidences given with check-ins in the cycle, or null. */
    checkInConfidence: number | null;
    checkIns: number;
    weeksWithCheckIn: number;
    lastOwnerNote: { note: string; at: string } | null;
  }[];
};

const round = (n: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
const mean = (xs: number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

/** Whole days from `a` to `b` (YYYY-MM-DD), b inclusive → days in the cycle. */
function cycleDays(startDate: string, endDate: string): number {
  const ms = Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

export function classifyOutcome(kr: { status: KrStatus; grade: number | null; progress: number }): Outcome {
  if (kr.status === "COMPLETED") return "achieved";
  if ((kr.grade ?? 0) >= 0.4 || kr.progress >= 40) return "partial";
  return "missed";
}

export function buildRetrospectiveReport(input: ReportInput): RetrospectiveReport {
  const weeks = Math.max(1, Math.ceil(cycleDays(input.cycle.startDate, input.cycle.endDate) / 7));
  const objectiveTitle = new Map(input.objectives.map((o) => [o.id, o.title]));
  const counted = input.keyResults.filter((k) => k.status !== "DROPPED");
  const outcomes: KrOutcome[] = counted.map((k) => {
    const grade = k.grade ?? 0;
    return {
      id: k.id,
      title: k.title,
      objectiveId: k.objectiveId,
      objectiveTitle: objectiveTitle.get(k.objectiveId) ?? "",
      ownerId: k.ownerId,
      ownerName: k.ownerName,
      teamId: k.teamId,
      teamName: k.teamName ?? "No team",
      kind: k.kind,
      startValue: k.startValue,
      targetValue: k.targetValue,
      finalValue: k.finalValue,
      unit: k.unit,
      status: k.status,
      progress: round(k.progress, 1),
      grade,
      band: gradeBand(grade),
      outcome: classifyOutcome(k),
    };
  });
  const byOutcome = (o: Outcome) => outcomes.filter((k) => k.outcome === o);
  const achieved = byOutcome("achieved");
  const partial = byOutcome("partial").sort((a, b) => b.grade - a.grade);
  const missed = byOutcome("missed").sort((a, b) => a.grade - b.grade);

  const bands = (grades: (number | null)[]): BandCounts => {
    const c: BandCounts = { green: 0, yellow: 0, red: 0, ungraded: 0 };
    for (const g of grades) {
      if (g === null) c.ungraded += 1;
      else c[gradeBand(g)] += 1;
    }
    return c;
  };

  // Teams (calibration and discipline), in name order, "No team" last.
  const teams = new Map<string, { teamId: string | null; teamName: string; krs: typeof counted }>();
  for (const k of counted) {
    const key = k.teamId ?? "";
    const entry = teams.get(key) ?? { teamId: k.teamId, teamName: k.teamName ?? "No team", krs: [] };
    entry.krs.push(k);
    teams.set(key, entry);
  }
  const teamList = [...teams.values()].sort((a, b) =>
    a.teamId === null ? 1 : b.teamId === null ? -1 : a.teamName.localeCompare(b.teamName, "en"),
  );
  const calibration: TeamCalibration[] = teamList.map((t) => {
    const confidence = mean(t.krs.map((k) => k.checkInConfidence ?? k.confidence)) ?? 0;
    const grade = mean(t.krs.map((k) => k.grade ?? 0)) ?? 0;
    return {
      teamId: t.teamId,
      teamName: t.teamName,
      keyResults: t.krs.length,
      averageConfidence: round(confidence, 1),
      averageGrade: round(grade),
      completedShare: round(t.krs.filter((k) => k.status === "COMPLETED").length / t.krs.length),
      gap: round(confidence / 10 - grade),
    };
  });
  const discipline: TeamDiscipline[] = teamList.map((t) => {
    const checkIns = t.krs.reduce((s, k) => s + k.checkIns, 0);
    const weeksWith = t.krs.reduce((s, k) => s + Math.min(weeks, k.weeksWithCheckIn), 0);
    const slots = t.krs.length * weeks;
    return {
      teamId: t.teamId,
      teamName: t.teamName,
      keyResults: t.krs.length,
      checkIns,
      checkInsPerKrPerWeek: round(checkIns / slots),
      weeksWithCheckInShare: round(weeksWith / slots),
    };
  });

  const missedIds = new Set(missed.map((k) => k.id));
  const learnings: Learning[] = counted
    .filter((k) => missedIds.has(k.id) && k.lastOwnerNote)
    .map((k) => ({
      keyResultId: k.id,
      keyResultTitle: k.title,
      objectiveTitle: objectiveTitle.get(k.objectiveId) ?? "",
      ownerId: k.ownerId,
      ownerName: k.ownerName,
      note: k.lastOwnerNote!.note,
      at: k.lastOwnerNote!.at,
    }));

  const krGrades = counted.map((k) => k.grade ?? 0);
  const objectiveGrades = input.objectives.map((o) => o.grade).filter((g): g is number => g !== null);
  const avgKr = mean(krGrades);
  const avgObjective = mean(objectiveGrades);
  return {
    version: 1,
    cycle: {
      id: input.cycle.id,
      name: input.cycle.name,
      startDate: input.cycle.startDate,
      endDate: input.cycle.endDate,
      closedAt: input.cycle.closedAt.toISOString(),
      weeks,
    },
    summary: {
      keyResults: counted.length,
      completedKeyResults: achieved.length,
      krCompletionRate: counted.length === 0 ? 0 : Math.round((achieved.length / counted.length) * 100),
      objectives: input.objectives.length,
      completedObjectives: input.objectives.filter((o) => o.status === "COMPLETED").length,
      achieved: achieved.length,
      partial: partial.length,
      missed: missed.length,
      dropped: input.keyResults.length - counted.length,
      averageKrGrade: avgKr === null ? null : round(avgKr),
      averageObjectiveGrade: avgObjective === null ? null : round(avgObjective),
    },
    achieved,
    partial,
    missed,
    objectives: input.objectives.map((o) => ({ ...o, progress: round(o.progress, 1) })),
    gradeDistribution: {
      objectives: bands(input.objectives.map((o) => o.grade)),
      keyResults: bands(krGrades),
    },
    calibration,
    discipline,
    learnings,
    questions: [...RETROSPECTIVE_QUESTIONS],
  };
}

// ---------------------------------------------------------------------------------------------
// Reading it back

export type CarryOverCandidate = {
  id: string;
  title: string;
  level: "COMPANY" | "TEAM" | "INDIVIDUAL";
  status: ObjectiveStatus;
  parentId: string | null;
  keyResults: { id: string; title: string; status: KrStatus; grade: number | null }[];
};

export type Retrospective = {
  report: RetrospectiveReport;
  closedBy: { id: string; name: string } | null;
  createdAt: string;
  /** Unfinished objectives (not COMPLETED) with their unfinished key results (not COMPLETED, not DROPPED). */
  carryOver: CarryOverCandidate[];
};

type ReadRow = {
  report: RetrospectiveReport;
  created_at: string;
  cycle_name: string;
  closed_by: { id: string; name: string } | null;
  users: Record<string, string> | null;
  teams: Record<string, string> | null;
  carry: CarryOverCandidate[] | null;
};

/** Any signed-in person may read a retrospective; NOT_FOUND until the cycle has one. */
export async function getRetrospective(
  db: Db,
  input: { actor: Actor; cycleId: string },
): Promise<Retrospective> {
  const { cycleId } = parseInput(z.object({ cycleId: uuid }), { cycleId: input.cycleId });
  if (!input.actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const [row] = await queryRows<ReadRow>(
    db,
    sql`SELECT r.report, r.created_at::text AS created_at, c.name AS cycle_name,
          CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS closed_by,
          (SELECT json_object_agg(x.id, x.name) FROM users x
             WHERE x.id::text IN (SELECT jsonb_array_elements(r.report->'achieved' || r.report->'partial' || r.report->'missed')->>'ownerId')) AS users,
          (SELECT json_object_agg(t.id, t.name) FROM teams t) AS teams,
          (SELECT coalesce(json_agg(json_build_object('id', o.id, 'title', o.title, 'level', o.level,
                     'status', o.status, 'parentId', o.parent_id,
                     'keyResults', (SELECT coalesce(json_agg(json_build_object('id', k.id, 'title', k.title,
                                       'status', k.status, 'grade', k.grade) ORDER BY k.created_at, k.id), '[]'::json)
                                    FROM key_results k WHERE k.objective_id = o.id
                                      AND k.status NOT IN ('COMPLETED', 'DROPPED')))
                   ORDER BY CASE o.level WHEN 'COMPANY' THEN 0 WHEN 'TEAM' THEN 1 ELSE 2 END, o.created_at, o.id), '[]'::json)
             FROM objectives o WHERE o.cycle_id = c.id AND NOT o.archived AND o.status <> 'COMPLETED') AS carry
        FROM cycle_retrospectives r
        JOIN cycles c ON c.id = r.cycle_id
        LEFT JOIN users u ON u.id = r.closed_by_user_id
        WHERE r.cycle_id = ${cycleId}::uuid`,
  );
  if (!row)
    throw new AppError(
      "NOT_FOUND",
      "This cycle has no retrospective yet: it is written when the cycle closes.",
    );
  const users = row.users ?? {};
  const teams = row.teams ?? {};
  const live = (k: KrOutcome): KrOutcome => ({
    ...k,
    ownerName: users[k.ownerId] ?? k.ownerName,
    teamName: k.teamId ? (teams[k.teamId] ?? k.teamName) : k.teamName,
  });
  const report = row.report;
  return {
    report: {
      ...report,
      cycle: { ...report.cycle, name: row.cycle_name },
      achieved: report.achieved.map(live),
      partial: report.partial.map(live),
      missed: report.missed.map(live),
      calibration: report.calibration.map((t) => ({
        ...t,
        teamName: t.teamId ? (teams[t.teamId] ?? t.teamName) : t.teamName,
      })),
      discipline: report.discipline.map((t) => ({
        ...t,
        teamName: t.teamId ? (teams[t.teamId] ?? t.teamName) : t.teamName,
      })),
      learnings: report.learnings.map((l) => ({ ...l, ownerName: users[l.ownerId] ?? l.ownerName })),
    },
    closedBy: row.closed_by,
    createdAt: new Date(row.created_at).toISOString(),
    carryOver: row.carry ?? [],
  };
}
