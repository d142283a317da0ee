"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { fieldId, inputClass, secondaryButtonClass } from "@/app/_forms/fields";
import type { ImportRowPreview } from "@/server/import-okrs";
import { commitImportAction, type ImportState, previewImportAction } from "./actions";

type CycleOption = { id: string; name: string };

/** Upload → preview (every row with its errors) → import, all or nothing. */
export function ImportForm({ cycles }: { cycles: CycleOption[] }) {
  const previewing = useFormAction<ImportState>(previewImportAction);
  const committing = useFormAction<ImportState>(commitImportAction);
  // The latest answer wins: a commit refused by new errors shows its own preview.
  const latest =
    committing.state.answeredAt > previewing.state.answeredAt ? committing.state : previewing.state;
  const result = latest.result;
  const preview = result?.preview ?? null;
  return (
    <div className="space-y-6">
      <form {...previewing.formProps} encType="multipart/form-data" className="space-y-4">
        <div>
          <label htmlFor={fieldId("cycleId")} className="block text-sm font-medium text-stone-900">
            Cycle
          </label>
          <select
            id={fieldId("cycleId")}
            name="cycleId"
            required
            defaultValue={cycles[0]?.id ?? ""}
            className={`${inputClass} mt-1 pr-8`}
          >
            {cycles.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={fieldId("file")} className="block text-sm font-medium text-stone-900">
            CSV file
          </label>
          <input
            id={fieldId("file")}
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
        <section aria-labelledby="preview-heading" className="space-y-3">
          <h2 id="preview-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Preview for {preview.cycle.name}
          </h2>
          <p className="text-sm text-stone-600" data-testid="import-counts">
            {preview.ok
              ? `Objectives: ${preview.counts.objectives.new} new, ${preview.counts.objectives.existing} already there. Key results: ${preview.counts.keyResults.new} new, ${preview.counts.keyResults.existing} already there.`
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
          {preview.rows.length > 0 && <PreviewTable rows={preview.rows} />}
          {preview.ok && (
            <form {...committing.formProps}>
              <input type="hidden" name="cycleId" value={result?.cycleId ?? ""} />
              <input type="hidden" name="csv" value={result?.csv ?? ""} />
              <SubmitButton pendingText="Importing…">Import all rows</SubmitButton>
            </form>
          )}
        </section>
      )}
    </div>
  );
}

function PreviewTable({ rows }: { rows: ImportRowPreview[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-600">
          <tr>
            <th className="px-3 py-2">Row</th>
            <th className="px-3 py-2">Level</th>
            <th className="px-3 py-2">Objective</th>
            <th className="px-3 py-2">Parent</th>
            <th className="px-3 py-2">Owner</th>
            <th className="px-3 py-2">Key result</th>
            <th className="px-3 py-2">Kind · start → target (current)</th>
            <th className="px-3 py-2">Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((r) => (
            <tr key={r.row} className={r.errors.length > 0 ? "bg-rose-50/60" : undefined} data-row={r.row}>
              <td className="px-3 py-2 tabular-nums text-stone-600">{r.row}</td>
              <td className="px-3 py-2">{r.level}</td>
              <td className="px-3 py-2 font-medium text-stone-900">{r.objective}</td>
              <td className="px-3 py-2">{r.parentObjective}</td>
              <td className="px-3 py-2">{r.owner}</td>
              <td className="px-3 py-2">{r.keyResult}</td>
              <td className="px-3 py-2 tabular-nums">
                {r.keyResult
                  ? `${r.kind || "INCREASE"} · ${r.start || "0"} → ${r.target} (${r.current || r.start || "0"}${r.unit ? ` ${r.unit}` : ""})`
                  : ""}
              </td>
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
                    {r.objectiveAction === "new" ? "new objective" : "objective already there"}
                    {r.keyResultAction &&
                      `, ${r.keyResultAction === "new" ? "new key result" : "key result already there"}`}
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
