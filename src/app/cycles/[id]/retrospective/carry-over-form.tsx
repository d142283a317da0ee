"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { TextField } from "@/app/_forms/fields";
import { submitted, submittedList } from "@/app/_forms/form-state";
import type { CarryOverCandidate } from "@/server/get-retrospective";
import { carryOverAction } from "./actions";

const LABELS = {
  name: "Name",
  startDate: "First day",
  endDate: "Last day",
  objectiveIds: "Objectives",
  keyResultIds: "Key results",
  fromCycleId: "Cycle",
  "newCycle.name": "Name",
  "newCycle.startDate": "First day",
  "newCycle.endDate": "Last day",
};

const LEVEL = { COMPANY: "Company", TEAM: "Team", INDIVIDUAL: "Individual" } as const;

/** The next cycle's name and dates, and a checkbox per unfinished objective and key result. */
export function CarryOverForm({
  fromCycleId,
  candidates,
  suggestion,
}: {
  fromCycleId: string;
  candidates: CarryOverCandidate[];
  suggestion: { name: string; startDate: string; endDate: string };
}) {
  const { state, formProps } = useFormAction(carryOverAction);
  const v = state.values;
  const chosenObjectives = submittedList(v, "objectiveIds");
  const chosenKrs = submittedList(v, "keyResultIds");
  if (state.status === "done" && state.result) {
    return (
      <div className="space-y-3">
        <FormMessage state={state} />
        <a
          href={`/cycles/${state.result.cycleId}`}
          className="inline-flex min-h-10 items-center rounded-md bg-stone-900 px-4 text-sm font-semibold text-white hover:bg-stone-700"
        >
          Open {state.result.name}
        </a>
      </div>
    );
  }
  return (
    <form {...formProps} className="space-y-5">
      <FormMessage state={state} labels={LABELS} />
      <input type="hidden" name="fromCycleId" value={fromCycleId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          name="name"
          label="Next cycle's name"
          defaultValue={submitted(v, "name") ?? suggestion.name}
          errors={state.fields["newCycle.name"]}
        />
        <TextField
          name="startDate"
          type="date"
          label="First day"
          defaultValue={submitted(v, "startDate") ?? suggestion.startDate}
          errors={state.fields["newCycle.startDate"]}
        />
        <TextField
          name="endDate"
          type="date"
          label="Last day"
          defaultValue={submitted(v, "endDate") ?? suggestion.endDate}
          errors={state.fields["newCycle.endDate"]}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-semibold text-stone-900">
          Unfinished objectives and key results
        </legend>
        <p className="mt-0.5 text-sm text-stone-600">
          Tick what continues. A key result needs its objective ticked; an objective keeps its alignment only
          when its parent is carried over too. Key results start from their final value.
        </p>
        {state.fields.objectiveIds && (
          <p className="mt-1 text-sm font-medium text-rose-700">{state.fields.objectiveIds.join(" ")}</p>
        )}
        {state.fields.keyResultIds && (
          <p className="mt-1 text-sm font-medium text-rose-700">{state.fields.keyResultIds.join(" ")}</p>
        )}
        <ul className="mt-3 space-y-3">
          {candidates.map((o) => (
            <li key={o.id} className="rounded-md border border-stone-200 p-3">
              <label className="flex items-start gap-2.5 text-sm font-medium text-stone-900">
                <input
                  type="checkbox"
                  name="objectiveIds"
                  value={o.id}
                  defaultChecked={chosenObjectives ? chosenObjectives.includes(o.id) : true}
                  className="mt-0.5 size-4 accent-stone-900"
                />
                <span>
                  {o.title} <span className="font-normal text-stone-600">· {LEVEL[o.level]}</span>
                </span>
              </label>
              {o.keyResults.length > 0 && (
                <ul className="mt-2 space-y-1.5 pl-7">
                  {o.keyResults.map((k) => (
                    <li key={k.id}>
                      <label className="flex items-start gap-2.5 text-sm text-stone-800">
                        <input
                          type="checkbox"
                          name="keyResultIds"
                          value={k.id}
                          defaultChecked={chosenKrs ? chosenKrs.includes(k.id) : true}
                          className="mt-0.5 size-4 accent-stone-900"
                        />
                        <span>
                          {k.title}
                          {k.grade !== null && (
                            <span className="text-stone-600"> · grade {k.grade.toFixed(2)}</span>
                          )}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </fieldset>
      <SubmitButton pendingText="Creating…">Create the next cycle as a draft</SubmitButton>
    </form>
  );
}
