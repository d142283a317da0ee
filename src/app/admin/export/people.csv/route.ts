/** GET /admin/export/people.csv — everyone, as CSV (src/server/export-people-csv.ts). Admins only. */
import { exportPeopleCsv } from "@/server/export-people-csv";
import { csvResponse } from "../csv-response";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return csvResponse(req, (db, actor) => exportPeopleCsv(db, { actor }));
}
