/**
 * `npm run reevaluate [-- --now 2026-12-04T09:00:00Z]`: re-evaluate every key result and objective
 * of the active cycles and print the counts per status.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db";
import { KR_STATUSES, OBJECTIVE_STATUSES, STATUS_LABEL } from "@/domain";
import { AppError } from "@/lib/errors";
import { reevaluate } from "@/server/reevaluate";
import { runCli } from "./run";

await runCli(async () => {
  const { values } = parseArgs({ options: { now: { type: "string" } } });
  const now = z.iso.datetime({ offset: true }).optional().safeParse(values.now);
  if (!now.success)
    throw new AppError("BAD_INPUT", "--now must be an ISO date-time, e.g. 2026-12-04T09:00:00Z");
  const at = now.data ? new Date(now.data) : new Date();
  const result = await reevaluate(await getDb(), { now: at });
  const kr = result.keyResults;
  console.log(`Re-evaluated as of ${at.toISOString()}:`);
  console.log(`  Key results: ${kr.total} (${kr.changed} changed, ${kr.stale} stale)`);
  for (const s of KR_STATUSES) {
    const worse = kr.worsenedTo[s]
      ? `  (${kr.worsenedTo[s]} worsened to ${STATUS_LABEL[s].toLowerCase()})`
      : "";
    console.log(`    ${STATUS_LABEL[s].padEnd(11)} ${String(kr.byStatus[s]).padStart(6)}${worse}`);
  }
  const obj = result.objectives;
  console.log(`  Objectives: ${obj.total} (${obj.changed} changed)`);
  for (const s of OBJECTIVE_STATUSES)
    console.log(`    ${STATUS_LABEL[s].padEnd(11)} ${String(obj.byStatus[s]).padStart(6)}`);
});
