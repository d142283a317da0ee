/**
 * The objective page's read model: `getObjective` (the objective, its parent, aligned children and
 * key results with history) plus what the page needs on top of it —
 * - the organisation's time zone (to show check-in times) and the cycle's start and end instants
 *   (for the value-over-time charts), with each checkpoint placed at the end of its date;
 * - whole days since each key result's last check-in (for the stale badge);
 * - the forecast in words ("No forecast yet: needs 2 check-ins" before the first evaluation);
 * - whether the actor may edit the objective and check in on each key result (src/server/authz.ts;
 *   the write use cases check again).
 * A fixed number of statements: getObjective's four, the settings, and one access query.
 */
import type { Db } from "@/db/client";
import { cycleBounds, daysBetween, MIN_FORECAST_CHECK_INS } from "@/domain";
import type { Actor } from "./actor";
import { canCheckIn, canEditObjective, loadAccess } from "./authz";
import { getObjective, type ObjectiveDetail } from "./get-objective";
import { getOrgSettings } from "./get-org-settings";
import type { KeyResultView } from "./key-result-views";
import { isUuid, notFound } from "./support";

export type ObjectivePageKeyResult = KeyResultView & {
  /** Whole calendar days since the last check-in in the organisation's time zone; null when never. */
  daysSinceCheckIn: number | null;
  forecastText: string;
  /** The forecast's projection ends below the on-track line. */
  trendingOffTrack: boolean;
  canCheckIn: boolean;
  /** Checkpoints as instants (the end of their date). */
  plannedPoints: { atMs: number; value: number }[];
  /** Check-ins oldest first, as instants. */
  valuePoints: { atMs: number; value: number }[];
};

export type ObjectivePage = Omit<ObjectiveDetail, "keyResults"> & {
  timeZone: string;
  staleAfterDays: number;
  nowMs: number;
  cycleStartMs: number;
  cycleEndMs: number;
  canEdit: boolean;
  keyResults: ObjectivePageKeyResult[];
};

export const NO_FORECAST_YET = `No forecast yet: needs ${MIN_FORECAST_CHECK_INS} check-ins`;

export async function getObjectivePage(
  db: Db,
  input: { actor: Actor; objectiveId: string; now: Date },
): Promise<ObjectivePage> {
  if (!isUuid(input.objectiveId)) throw notFound("That objective");
  const detail = await getObjective(db, { actor: input.actor, objectiveId: input.objectiveId });
  const settings = await getOrgSettings(db);
  const access = await loadAccess(db, input.actor, {
    objectiveIds: [detail.objective.id],
    keyResultIds: detail.keyResults.map((k) => k.id),
  });
  const tz = settings.timeZone;
  const { startMs, endMs } = cycleBounds({
    startDate: detail.cycle.startDate,
    endDate: detail.cycle.endDate,
    timeZone: tz,
  });
  const objectiveAccess = access.objectives.get(detail.objective.id);
  const open = !detail.objective.archived && detail.cycle.status !== "COMPLETED";
  const canEdit = Boolean(objectiveAccess && canEditObjective(access, objectiveAccess));

  const keyResults = detail.keyResults.map((kr): ObjectivePageKeyResult => {
    const krAccess = access.keyResults.get(kr.id);
    const forecast = readForecast(kr);
    return {
      ...kr,
      daysSinceCheckIn: kr.lastCheckInAt
        ? Math.max(0, daysBetween(new Date(kr.lastCheckInAt), input.now, tz))
        : null,
      forecastText: forecast.text,
      trendingOffTrack: forecast.trendingOffTrack,
      canCheckIn: open && kr.status !== "DROPPED" && Boolean(krAccess && canCheckIn(access, krAccess)),
      plannedPoints: kr.checkpoints.map((c) => ({
        atMs: endOfDateMs(c.date, tz),
        value: c.plannedValue,
      })),
      valuePoints: kr.history
        .map((h) => ({ atMs: Date.parse(h.createdAt), value: h.newValue }))
        .filter((p) => Number.isFinite(p.atMs))
        .reverse(),
    };
  });

  return {
    ...detail,
    timeZone: tz,
    staleAfterDays: settings.staleAfterDays,
    nowMs: input.now.getTime(),
    cycleStartMs: startMs,
    cycleEndMs: endMs,
    canEdit,
    keyResults,
  };
}

/** The instant a calendar date ends in `timeZone` (the start of the next day). */
function endOfDateMs(date: string, timeZone: string): number {
  try {
    return cycleBounds({ startDate: date, endDate: date, timeZone }).endMs;
  } catch {
    return Number.NaN;
  }
}

/**
 * The stored forecast (domain `Forecast` as JSON) in words; tolerant of a missing or odd value.
 * Increase/decrease key results with fewer than two check-ins say so plainly.
 */
function readForecast(kr: KeyResultView): { text: string; trendingOffTrack: boolean } {
  const value = kr.forecast;
  const lineKind = kr.kind === "INCREASE" || kr.kind === "DECREASE";
  if (lineKind && kr.history.length < MIN_FORECAST_CHECK_INS) {
    return { text: `${NO_FORECAST_YET}.`, trendingOffTrack: false };
  }
  if (value && typeof value === "object") {
    const f = value as { kind?: unknown; text?: unknown; reason?: unknown; trendingOffTrack?: unknown };
    if (f.kind === "line" && typeof f.text === "string") {
      return { text: f.text, trendingOffTrack: f.trendingOffTrack === true };
    }
    if (f.kind === "none" && typeof f.reason === "string" && f.reason.trim() !== "") {
      return { text: f.reason, trendingOffTrack: false };
    }
  }
  return { text: `${NO_FORECAST_YET}.`, trendingOffTrack: false };
}
