"use client";

import { ProgressBar } from "@/app/_components/progress-bar";
import { StatusPill } from "@/app/_components/status-pill";
import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { ChoiceField, NumberField, SelectField, TextAreaField } from "@/app/_forms/fields";
import { submitted } from "@/app/_forms/form-state";
import { CONFIDENCE_OPTIONS } from "@/app/_forms/key-result-form";
import { type CheckInOutcome, checkInAction } from "./actions";

const LABELS = { value: "New value", confidence: "Confidence", note: "Note" };

export function CheckInForm({
  keyResultId,
  milestone,
  unit,
  currentValue,
  confidence,
  title,
}: {
  keyResultId: string;
  milestone: boolean;
  unit: string;
  currentValue: number;
  confidence: number;
  title: string;
}) {
  const { state, formProps } = useFormAction<CheckInOutcome>(checkInAction);
  const r = state.status === "done" ? state.result : null;
  const v = r ? null : state.values;
  const current = r ? r.currentValue : currentValue;
  return (
    <form {...formProps} key={r ? state.answeredAt : "check-in"} className="space-y-6">
      <FormMessage
        state={state}
        labels={LABELS}
        success={
          r && (
            <div className="space-y-2" data-check-in-result>
              <p className="font-semibold">Checked in. The key result is now:</p>
              <p className="flex flex-wrap items-center gap-2">
                <StatusPill status={r.status} />
                <span className="text-stone-900">{r.statusReason}</span>
              </p>
              <ProgressBar
                value={r.progress}
                expected={r.expectedProgress}
                tone={r.status}
                label={`Progress of ${title}`}
                className="max-w-md"
              />
              <p className="text-stone-800">
                Its objective: <StatusPill status={r.objective.status} />{" "}
                <span>{r.objective.statusReason}</span>
              </p>
            </div>
          )
        }
      />
      <input type="hidden" name="keyResultId" value={keyResultId} />
      {milestone ? (
        <ChoiceField
          name="value"
          label={LABELS.value}
          type="radio"
          columns={2}
          defaultValue={submitted(v, "value") ?? String(current >= 1 ? 1 : 0)}
          errors={state.fields.value}
          options={[
            { value: "1", label: "Done" },
            { value: "0", label: "Not done" },
          ]}
        />
      ) : (
        <NumberField
          name="value"
          label={LABELS.value}
          hint="The value as it stands today."
          suffix={unit || undefined}
          className="sm:max-w-xs"
          defaultValue={submitted(v, "value") ?? String(current)}
          errors={state.fields.value}
        />
      )}
      <SelectField
        name="confidence"
        label={LABELS.confidence}
        hint="How sure you are to reach the target, 1 to 10."
        className="sm:max-w-xs"
        defaultValue={submitted(v, "confidence") ?? String(r ? r.confidence : confidence)}
        errors={state.fields.confidence}
        options={CONFIDENCE_OPTIONS}
      />
      <TextAreaField
        name="note"
        label={LABELS.note}
        optional
        hint="What moved, what is in the way (up to 2,000 characters)."
        defaultValue={submitted(v, "note") ?? ""}
        errors={state.fields.note}
      />
      <SubmitButton pendingText="Checking in…">Check in</SubmitButton>
    </form>
  );
}
