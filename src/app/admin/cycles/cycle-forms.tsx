"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { dangerButtonClass, secondaryButtonClass, TextField } from "@/app/_forms/fields";
import { submitted } from "@/app/_forms/form-state";
import { activateCycleAction, closeCycleAction, createCycleAction, updateCycleAction } from "./actions";

const LABELS = { name: "Name", startDate: "First day", endDate: "Last day" };

/** Creates a draft cycle (no `cycle`) or changes a cycle's name and dates. */
export function CycleForm({
  cycle,
}: {
  cycle?: { id: string; name: string; startDate: string; endDate: string };
}) {
  const { state, formProps } = useFormAction(cycle ? updateCycleAction : createCycleAction);
  const fresh = !cycle && state.status === "done";
  const v = fresh ? null : state.values;
  return (
    <form {...formProps} key={fresh ? state.answeredAt : "cycle"} className="space-y-5">
      <FormMessage state={state} labels={LABELS} />
      {cycle && <input type="hidden" name="cycleId" value={cycle.id} />}
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField
          name="name"
          label={LABELS.name}
          hint="For example “Q3 2026”."
          defaultValue={submitted(v, "name") ?? cycle?.name}
          errors={state.fields.name}
        />
        <TextField
          name="startDate"
          type="date"
          label={LABELS.startDate}
          hint="In the organisation’s time zone."
          defaultValue={submitted(v, "startDate") ?? cycle?.startDate}
          errors={state.fields.startDate}
        />
        <TextField
          name="endDate"
          type="date"
          label={LABELS.endDate}
          hint="Included in the cycle."
          defaultValue={submitted(v, "endDate") ?? cycle?.endDate}
          errors={state.fields.endDate}
        />
      </div>
      <SubmitButton>{cycle ? "Save cycle" : "Create draft cycle"}</SubmitButton>
    </form>
  );
}

export function ActivateCycleForm({ cycleId, name }: { cycleId: string; name: string }) {
  const { state, formProps } = useFormAction(activateCycleAction);
  return (
    <form {...formProps} className="space-y-2">
      <input type="hidden" name="cycleId" value={cycleId} />
      <FormMessage state={state} />
      {state.status !== "done" && (
        <SubmitButton pendingText="Activating…" className={secondaryButtonClass}>
          Activate<span className="sr-only"> {name}</span>
        </SubmitButton>
      )}
    </form>
  );
}

/**
 * "Close cycle…" opens a confirmation (a <details>, so it works without JavaScript); only its
 * "Yes, close" button posts. Closing freezes grades, writes the retrospective and emails leadership;
 * the action then redirects to the retrospective.
 */
export function CloseCycleForm({ cycleId, name }: { cycleId: string; name: string }) {
  const { state, formProps } = useFormAction(closeCycleAction);
  return (
    <details className="group">
      <summary className={`${secondaryButtonClass} cursor-pointer list-none`}>
        Close cycle…<span className="sr-only"> {name}</span>
      </summary>
      <form
        {...formProps}
        className="mt-2 max-w-sm space-y-2 rounded-md border border-rose-200 bg-rose-50/60 p-3 text-sm text-stone-800"
      >
        <FormMessage state={state} />
        <input type="hidden" name="cycleId" value={cycleId} />
        <p>
          Close <strong>{name}</strong> now? Grades and final values are frozen, the retrospective is written
          and emailed to the leadership recipients. This cannot be undone.
        </p>
        <SubmitButton pendingText="Closing…" className={dangerButtonClass}>
          Yes, close {name}
        </SubmitButton>
      </form>
    </details>
  );
}
