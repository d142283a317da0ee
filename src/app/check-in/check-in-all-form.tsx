"use client";

import { StatusPill } from "@/app/_components/status-pill";
import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { describedBy, FieldErrors, fieldId, inputClass } from "@/app/_forms/fields";
import { submitted } from "@/app/_forms/form-state";
import type { KrKind, KrStatus } from "@/domain";
import { type BatchOutcome, checkInAllAction } from "./actions";

const CONFIDENCE_VALUES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

export type CheckInRow = {
  id: string;
  title: string;
  objectiveTitle: string;
  objectiveId: string;
  kind: KrKind;
  currentValue: number;
  unit: string;
  status: KrStatus;
  statusReason: string;
  aim: string;
  now: string;
  dueThisWeek: boolean;
};

export function CheckInAllForm({ rows }: { rows: CheckInRow[] }) {
  const { state, formProps } = useFormAction<BatchOutcome>(checkInAllAction);
  const result = state.status === "done" ? state.result : null;
  const v = result ? null : state.values;
  const labels: Record<string, string> = {};
  for (const r of rows) {
    labels[`value:${r.id}`] = `${r.title}, new value`;
    labels[`confidence:${r.id}`] = `${r.title}, confidence`;
    labels[`note:${r.id}`] = `${r.title}, note`;
  }
  return (
    <form {...formProps} key={result ? state.answeredAt : "all"} className="space-y-4">
      <FormMessage state={state} labels={labels} />
      <ul className="space-y-3">
        {rows.map((r) => {
          const outcome = result?.rows[r.id];
          const valueId = fieldId(`value:${r.id}`);
          const confidenceId = fieldId(`confidence:${r.id}`);
          const noteId = fieldId(`note:${r.id}`);
          const valueErrors = state.fields[`value:${r.id}`];
          const confidenceErrors = state.fields[`confidence:${r.id}`];
          const noteErrors = state.fields[`note:${r.id}`];
          const headingId = `row-${r.id}`;
          return (
            <li key={r.id}>
              <fieldset
                aria-labelledby={headingId}
                data-kr-row={r.title}
                className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs"
              >
                <input type="hidden" name="row" value={r.id} />
                <input type="hidden" name={`was:${r.id}`} value={String(r.currentValue)} />
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <h3 id={headingId} className="text-[15px] font-semibold leading-snug text-stone-900">
                      {r.title}
                    </h3>
                    <p className="text-sm text-stone-600">
                      <a href={`/objectives/${r.objectiveId}`} className="underline-offset-2 hover:underline">
                        {r.objectiveTitle}
                      </a>
                      <span aria-hidden="true"> · </span>
                      {r.aim}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-1.5">
                    {r.dueThisWeek && !outcome && (
                      <span className="inline-flex items-center rounded-full bg-white px-2 py-0.5 text-xs font-medium text-stone-800 ring-1 ring-inset ring-stone-400">
                        Due this week
                      </span>
                    )}
                    <StatusPill status={outcome?.ok ? outcome.status : r.status} />
                  </div>
                </div>
                {outcome && (
                  <p
                    data-row-outcome={outcome.ok ? "saved" : "failed"}
                    className={`mt-2 rounded-md px-3 py-2 text-sm ${
                      outcome.ok ? "bg-emerald-50 text-emerald-950" : "bg-rose-50 text-rose-900"
                    }`}
                  >
                    {outcome.ok ? (
                      <>
                        <strong>Checked in.</strong> {outcome.statusReason}
                      </>
                    ) : (
                      <>
                        <strong>Not saved.</strong> {outcome.message}
                      </>
                    )}
                  </p>
                )}
                <div className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,10rem)_minmax(0,10rem)_minmax(0,1fr)]">
                  <div>
                    <label htmlFor={valueId} className="block text-sm font-medium text-stone-900">
                      New value <span className="sr-only">for {r.title}</span>
                    </label>
                    {r.kind === "MILESTONE" ? (
                      <select
                        id={valueId}
                        name={`value:${r.id}`}
                        defaultValue={submitted(v, `value:${r.id}`) ?? String(r.currentValue >= 1 ? 1 : 0)}
                        className={`mt-1 ${inputClass}`}
                        {...describedBy({ id: valueId, errors: valueErrors })}
                      >
                        <option value="0">Not done</option>
                        <option value="1">Done</option>
                      </select>
                    ) : (
                      <div className="mt-1 flex items-center gap-2">
                        <input
                          id={valueId}
                          name={`value:${r.id}`}
                          type="text"
                          inputMode="decimal"
                          autoComplete="off"
                          defaultValue={submitted(v, `value:${r.id}`) ?? String(r.currentValue)}
                          className={`${inputClass} tabular-nums`}
                          {...describedBy({ id: valueId, errors: valueErrors })}
                        />
                        {r.unit && <span className="shrink-0 text-sm text-stone-600">{r.unit}</span>}
                      </div>
                    )}
                    <FieldErrors id={valueId} errors={valueErrors} />
                  </div>
                  <div>
                    <label htmlFor={confidenceId} className="block text-sm font-medium text-stone-900">
                      Confidence <span className="sr-only">for {r.title}</span>
                    </label>
                    <select
                      id={confidenceId}
                      name={`confidence:${r.id}`}
                      defaultValue={submitted(v, `confidence:${r.id}`) ?? ""}
                      className={`mt-1 ${inputClass}`}
                      {...describedBy({ id: confidenceId, errors: confidenceErrors })}
                    >
                      <option value="">Unchanged</option>
                      {CONFIDENCE_VALUES.map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                    <FieldErrors id={confidenceId} errors={confidenceErrors} />
                  </div>
                  <div>
                    <label htmlFor={noteId} className="block text-sm font-medium text-stone-900">
                      Note <span className="font-normal text-stone-600">(optional)</span>
                      <span className="sr-only"> for {r.title}</span>
                    </label>
                    <input
                      id={noteId}
                      name={`note:${r.id}`}
                      type="text"
                      autoComplete="off"
                      defaultValue={submitted(v, `note:${r.id}`) ?? ""}
                      className={`mt-1 ${inputClass}`}
                      {...describedBy({ id: noteId, errors: noteErrors })}
                    />
                    <FieldErrors id={noteId} errors={noteErrors} />
                  </div>
                </div>
                <p className="mt-2 text-xs text-stone-600">Now: {r.now}</p>
              </fieldset>
            </li>
          );
        })}
      </ul>
      <div>
        <SubmitButton pendingText="Checking in…">Check in on changed key results</SubmitButton>
        <p className="mt-1.5 text-xs text-stone-600">Rows you leave unchanged are not checked in.</p>
      </div>
    </form>
  );
}
