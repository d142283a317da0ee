"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { fieldId, secondaryButtonClass } from "@/app/_forms/fields";
import type { ImportIssue } from "@/server/import-okrs";
import type { PeopleImportPreview } from "@/server/import-people";
import type { TeamsImportPreview } from "@/server/import-teams";
import {
  commitDirectoryImportAction,
  type DirectoryImportState,
  type DirectoryKind,
  previewDirectoryImportAction,
} from "./actions";

type Row = {
  row: number;
  cells: string[];
  action: "new" | "existing" | null;
  note: string;
  errors: ImportIssue[];
};

const HEADERS: Record<DirectoryKind, string[]> = {
  people: ["Name", "Email", "Role", "Time zone", "Teams", "Active"],
  teams: ["Name", "Parent", "Lead email", "Members"],
};

function rowsOf(preview: PeopleImportPreview | TeamsImportPreview): Row[] {
  if ("people" in preview.counts) {
    return (preview as PeopleImportPreview).rows.map((r) => ({
      row: r.row,
      cells: [r.name, r.email, r.role, r.timeZone, r.teams, r.active],
      action: r.action,
      note:
        r.pendingTeams.length > 0 ? ` (teams left to the teams import: ${r.pendingTeams.join(", ")})` : "",
      errors: r.errors,
    }));
  }
  return (preview as TeamsImportPreview).rows.map((r) => ({
    row: r.row,
    cells: [r.name, r.parent, r.lead, r.members],
    action: r.action,
    note: "",
    errors: r.errors,
  }));
}

function countsOf(preview: PeopleImportPreview | TeamsImportPreview): string {
  if ("people" in preview.counts) {
    const c = (preview as PeopleImportPreview).counts;
    return `People: ${c.people.new} new, ${c.people.existing} already there (left unchanged). Team memberships: ${c.memberships}.`;
  }
  const c = (preview as TeamsImportPreview).counts;
  return `Teams: ${c.teams.new} new, ${c.teams.existing} already there (left unchanged). Team memberships: ${c.memberships}.`;
}

/** People or teams: upload → preview (every row with its errors) → import, all or nothing. */
export function DirectoryImportForm({ kind }: { kind: DirectoryKind }) {
  const previewing = useFormAction<DirectoryImportState>(previewDirectoryImportAction);
  const committing = useFormAction<DirectoryImportState>(commitDirectoryImportAction);
  const latest =
    committing.state.answeredAt > previewing.state.answeredAt ? committing.state : previewing.state;
  const result = latest.result;
  const preview = result?.preview ?? null;
  const inputId = fieldId(`${kind}-file`);
  return (
    <div className="space-y-6">
      <form {...previewing.formProps} encType="multipart/form-data" className="space-y-4">
        <input type="hidden" name="kind" value={kind} />
        <div>
          <label htmlFor={inputId} className="block text-sm font-medium text-stone-900">
            CSV file
          </label>
          <input
            id={inputId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            className="mt-1 block w-full text-sm text-stone-700 file:mr-3 file:rounded-md file:border file:border-stone-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-semibold file:text-stone-900"
          />
        </div>
        <SubmitButton pendingText="Checking…" className={secondaryButtonClass}>
          Preview
        </SubmitButton>
      </form>

      <FormMessage state={latest} />

      {preview && !result?.committed && (
        <section aria-label={`Preview of the ${kind} import`} className="space-y-3">
          <p className="text-sm text-stone-600" data-testid={`import-${kind}-counts`}>
            {preview.ok
              ? countsOf(preview)
              : `${preview.rows.filter((r) => r.errors.length > 0).length} of ${preview.rows.length} rows have problems (highlighted).`}
            {preview.ignoredColumns.length > 0 && ` Ignored columns: ${preview.ignoredColumns.join(", ")}.`}
          </p>
          {preview.rows.length === 0 && preview.errors.length > 0 && (
            <ul className="list-disc pl-5 text-sm text-rose-900">
              {preview.errors.map((e) => (
                <li key={`${e.row}:${e.column}:${e.message}`}>
                  {e.row > 0 ? `Row ${e.row}, ` : ""}
                  {e.column}: {e.message}
                </li>
              ))}
            </ul>
          )}
          {preview.rows.length > 0 && <PreviewTable headers={HEADERS[kind]} rows={rowsOf(preview)} />}
          {preview.ok && (
            <form {...committing.formProps}>
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="csv" value={result?.csv ?? ""} />
              <SubmitButton pendingText="Importing…">Import all rows</SubmitButton>
            </form>
          )}
        </section>
      )}
    </div>
  );
}

function PreviewTable({ headers, rows }: { headers: string[]; rows: Row[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-600">
          <tr>
            <th className="px-3 py-2">Row</th>
            {headers.map((h) => (
              <th key={h} className="px-3 py-2">
                {h}
              </th>
            ))}
            <th className="px-3 py-2">Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((r) => (
            <tr key={r.row} className={r.errors.length > 0 ? "bg-rose-50/60" : undefined} data-row={r.row}>
              <td className="px-3 py-2 tabular-nums text-stone-600">{r.row}</td>
              {r.cells.map((c, i) => (
                <td
                  key={headers[i]}
                  className={i === 0 ? "px-3 py-2 font-medium text-stone-900" : "px-3 py-2"}
                >
                  {c}
                </td>
              ))}
              <td className="px-3 py-2">
                {r.errors.length > 0 ? (
                  <ul className="space-y-0.5 text-rose-900">
                    {r.errors.map((e) => (
                      <li key={`${e.column}:${e.message}`}>
                        <span className="font-semibold">{e.column}:</span> {e.message}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-stone-700">
                    {r.action === "new" ? "new" : "already there (unchanged)"}
                    {r.note}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
