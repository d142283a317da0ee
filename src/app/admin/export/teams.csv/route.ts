/** GET /admin/export/teams.csv — every team, as CSV (src/server/export-teams-csv.ts). Admins only. */
import { exportTeamsCsv } from "@/server/export-teams-csv";
import { csvResponse } from "../csv-response";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return csvResponse(req, (db, actor) => exportTeamsCsv(db, { actor }));
}
