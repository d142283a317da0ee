"use client";

/**
 * Create or edit a key result, any kind. Each kind is explained in one line; a milestone has no
 * start, target or unit (hidden with CSS `:has()`, so it works without JavaScript; the action sends
 * 0 and 1). Edits carry the row's version; on a conflict the form shows the current values.
 */
import { FormMessage, SubmitButton, useFormAction } from "./client";
import { ChoiceField, NumberField, SelectField, TextField } from "./fields";
import { type FormState, submitted } from "./form-state";

export const KIND_OPTIONS = [
  {
    value: "INCREASE",
    label: "Increase",
    description: "Move a number up to a higher target, e.g. NPS from 30 to 45.",
  },
  {
    value: "DECREASE",
    label: "Decrease",
    description: "Move a number down to a lower target, e.g. churn from 5% to 2%.",
  },
  {
    value: "STAY_ABOVE",
    label: "Stay above",
    description: "Keep a number at or above the target all cycle, e.g. uptime ≥ 99.9%.",
  },
  {
    value: "STAY_BELOW",
    label: "Stay below",
    description: "Keep a number at or below the target all cycle, e.g. p95 latency ≤ 300 ms.",
  },
  {
    value: "MILESTONE",
    label: "Milestone",
    description: "Done or not done, e.g. launch the new pricing page.",
  },
];

export const CONFIDENCE_OPTIONS = Array.from({ length: 10 }, (_, i) => {
  const n = i + 1;
  const word = n === 1 ? " — no chance" : n === 5 ? " — coin flip" : n === 10 ? " — certain" : "";
  return { value: String(n), label: `${n}${word}` };
});

export const KR_LABELS: Record<string, string> = {
  title: "Title",
  kind: "Kind",
  startValue: "Start value",
  targetValue: "Target value",
  unit: "Unit",
  weight: "Weight",
  ownerUserId: "Owner",
  confidence: "Confidence",
  autoUpdate: "Updated automatically",
  objectiveId: "Objective",
  version: "Version",
};

export type KeyResultFormValues = {
  title: string;
  kind: string;
  startValue: string;
  targetValue: string;
  unit: string;
  weight: string;
  ownerUserId: string;
  confidence: string;
  /** "true" when an API script feeds the key result (optional: absent means not). */
  autoUpdate?: string;
};

export function KeyResultForm({
  action,
  hidden,
  initial,
  people,
  currentValue,
  submitLabel,
  cancelHref,
}: {
  action: (state: FormState<null>, form: FormData) => Promise<FormState<null>>;
  hidden: Record<string, string>;
  initial: KeyResultFormValues;
  people: { value: string; label: string }[];
  /** Edits: the current value in words (it changes through check-ins only). */
  currentValue?: string;
  submitLabel: string;
  cancelHref: string;
}) {
  const { state, formProps } = useFormAction(action);
  const c = state.status === "conflict" && state.current ? state.current : null;
  const base: KeyResultFormValues = c
    ? {
        title: String(c.title ?? ""),
        kind: String(c.kind ?? ""),
        startValue: String(c.startValue ?? ""),
        targetValue: String(c.targetValue ?? ""),
        unit: String(c.unit ?? ""),
        weight: String(c.weight ?? ""),
        ownerUserId: String(c.ownerUserId ?? ""),
        confidence: String(c.confidence ?? ""),
        autoUpdate: String(c.autoUpdate ?? "false"),
      }
    : initial;
  const v = c ? null : state.values;
  const val = (name: keyof KeyResultFormValues) => submitted(v, name) ?? base[name];
  // The checkbox sends "true" before the hidden "false", so the first value is the answer.
  const autoUpdate = (submitted(v, "autoUpdate") ?? base.autoUpdate) === "true";
  const hiddenValues = c && hidden.version ? { ...hidden, version: String(c.version) } : hidden;
  const people2 = new Map(people.map((p) => [p.value, p.label]));
  const changed = c
    ? (Object.keys(base) as (keyof KeyResultFormValues)[]).filter(
        (k) => submitted(state.values, k) !== undefined && submitted(state.values, k) !== base[k],
      )
    : [];

  return (
    <form {...formProps} key={c ? `conflict-${state.answeredAt}` : "kr"} className="group/kr space-y-6">
      <FormMessage
        state={state}
        labels={KR_LABELS}
        conflict={
          <div className="mt-2">
            <p>
              The form now shows the current values. Your changes were <strong>not saved</strong>; apply them
              again if they still make sense, then save.
            </p>
            {changed.length > 0 && (
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                {changed.map((k) => {
                  const mine = submitted(state.values, k) ?? "";
                  return (
                    <div key={k} className="contents">
                      <dt className="font-medium">Your {KR_LABELS[k]?.toLowerCase()}:</dt>
                      <dd className="break-words">
                        {k === "ownerUserId" ? (people2.get(mine) ?? mine) : mine || "—"}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </div>
        }
      />
      {Object.entries(hiddenValues).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField
        name="title"
        label={KR_LABELS.title}
        hint="A measurable result, e.g. “Weekly active teams”."
        defaultValue={val("title")}
        errors={state.fields.title}
      />
      <ChoiceField
        name="kind"
        label={KR_LABELS.kind}
        type="radio"
        columns={2}
        defaultValue={val("kind")}
        errors={state.fields.kind}
        options={KIND_OPTIONS}
      />
      <div className="grid gap-6 group-has-[input[name=kind][value=MILESTONE]:checked]/kr:hidden sm:grid-cols-3">
        <NumberField
          name="startValue"
          label={KR_LABELS.startValue}
          hint="Where it stands at the start."
          defaultValue={val("startValue")}
          errors={state.fields.startValue}
        />
        <NumberField
          name="targetValue"
          label={KR_LABELS.targetValue}
          hint="Where it should be (or stay) by the end."
          defaultValue={val("targetValue")}
          errors={state.fields.targetValue}
        />
        <TextField
          name="unit"
          label={KR_LABELS.unit}
          optional
          hint="Up to 20 characters: %, $, ms, customers…"
          defaultValue={val("unit")}
          errors={state.fields.unit}
        />
      </div>
      {currentValue !== undefined && (
        <p className="text-sm text-stone-700">
          <span className="font-medium text-stone-900">Current value:</span> {currentValue}.{" "}
          <span className="text-stone-600">It changes with check-ins.</span>
        </p>
      )}
      <div className="grid gap-6 sm:grid-cols-3">
        <SelectField
          name="ownerUserId"
          label={KR_LABELS.ownerUserId}
          hint="Who checks in on it."
          defaultValue={val("ownerUserId")}
          errors={state.fields.ownerUserId}
          options={people}
        />
        <NumberField
          name="weight"
          label={KR_LABELS.weight}
          hint="Its share of the objective, above 0 and up to 100. Default 1."
          defaultValue={val("weight")}
          errors={state.fields.weight}
        />
        <SelectField
          name="confidence"
          label={KR_LABELS.confidence}
          hint="How sure you are to reach it, 1 to 10."
          defaultValue={val("confidence")}
          errors={state.fields.confidence}
          options={CONFIDENCE_OPTIONS}
        />
      </div>
      <div data-field="field-autoUpdate">
        <label
          htmlFor="field-autoUpdate"
          className="flex cursor-pointer items-start gap-2.5 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-checked:border-stone-900 has-checked:bg-stone-50 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-stone-900"
        >
          <input
            id="field-autoUpdate"
            type="checkbox"
            name="autoUpdate"
            value="true"
            defaultChecked={autoUpdate}
            aria-describedby="field-autoUpdate-hint"
            className="mt-0.5 size-4 shrink-0 accent-stone-900 focus:outline-none"
          />
          <span>
            <span className="font-medium text-stone-900">Updated automatically (by an API script)</span>
            <span id="field-autoUpdate-hint" className="mt-0.5 block text-stone-600">
              Another system checks in on it through the API, e.g. a nightly script. See{" "}
              <a href="/api-docs" className="underline underline-offset-2">
                the API reference
              </a>
              .
            </span>
          </span>
        </label>
        <input type="hidden" name="autoUpdate" value="false" />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton>{c ? "Save again" : submitLabel}</SubmitButton>
        <a
          href={cancelHref}
          className="text-sm font-medium text-stone-700 underline-offset-2 hover:underline"
        >
          Cancel
        </a>
      </div>
    </form>
  );
}
