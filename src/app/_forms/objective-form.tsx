"use client";

/**
 * Create or edit an objective: title, description, level, owner (a team for TEAM objectives, a
 * person for COMPANY and INDIVIDUAL ones) and the parent it aligns to (only valid parents of the
 * same cycle are offered). Which owner field applies follows the chosen level with CSS alone
 * (`:has()`), so it works without JavaScript; the action sends only the one that applies.
 */
import type { ReactNode } from "react";
import { FormMessage, SubmitButton, useFormAction } from "./client";
import { ChoiceField, type OptionGroup, SelectField, TextAreaField, TextField } from "./fields";
import { type FormState, submitted } from "./form-state";

export type Level = "COMPANY" | "TEAM" | "INDIVIDUAL";

export type ObjectiveFormValues = {
  title: string;
  description: string;
  level: Level | "";
  ownerUserId: string;
  ownerTeamId: string;
  parentId: string;
};

export const OBJECTIVE_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  level: "Level",
  ownerUserId: "Owner",
  ownerTeamId: "Owning team",
  parentId: "Aligned to",
  cycleId: "Cycle",
  version: "Version",
};

const LEVELS: { value: Level; label: string; description: string }[] = [
  {
    value: "COMPANY",
    label: "Company",
    description: "A goal for the whole organisation, with one accountable person.",
  },
  { value: "TEAM", label: "Team", description: "Owned by a team; its lead keeps it up to date." },
  { value: "INDIVIDUAL", label: "Individual", description: "One person’s own objective." },
];

export type ObjectiveAction = (state: FormState<null>, form: FormData) => Promise<FormState<null>>;

export function ObjectiveForm({
  action,
  hidden,
  initial,
  levels,
  teams,
  people,
  parents,
  submitLabel,
  cancelHref,
}: {
  action: ObjectiveAction;
  /** Hidden inputs: cycleId for a new objective; objectiveId and version for an edit. */
  hidden: Record<string, string>;
  initial: ObjectiveFormValues;
  /** The levels this person may choose. */
  levels: Level[];
  teams: { value: string; label: string }[];
  people: { value: string; label: string }[];
  parents: OptionGroup[];
  submitLabel: string;
  cancelHref: string;
}) {
  const { state, formProps } = useFormAction(action);
  const conflict = state.status === "conflict" && state.current ? state.current : null;
  // After a conflict the form shows the objective as it now is (and its new version).
  const v = conflict ? null : state.values;
  const base: ObjectiveFormValues = conflict
    ? {
        title: String(conflict.title ?? ""),
        description: String(conflict.description ?? ""),
        level: (conflict.level as Level) ?? initial.level,
        ownerUserId: String(conflict.ownerUserId ?? ""),
        ownerTeamId: String(conflict.ownerTeamId ?? ""),
        parentId: String(conflict.parentId ?? ""),
      }
    : initial;
  const hiddenValues = conflict && hidden.version ? { ...hidden, version: String(conflict.version) } : hidden;
  const val = (name: keyof ObjectiveFormValues) => submitted(v, name) ?? base[name];
  const names = new Map<string, string>([
    ...teams.map((t) => [t.value, t.label] as const),
    ...people.map((p) => [p.value, p.label] as const),
    ...parents.flatMap((g) => g.options.map((o) => [o.value, o.label] as const)),
  ]);

  return (
    <form
      {...formProps}
      key={conflict ? `conflict-${state.answeredAt}` : "objective"}
      className="group/objective space-y-6"
    >
      <FormMessage
        state={state}
        labels={OBJECTIVE_LABELS}
        conflict={<YourChanges mine={state.values} theirs={base} names={names} />}
      />
      {Object.entries(hiddenValues).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField
        name="title"
        label={OBJECTIVE_LABELS.title}
        hint="What you want to achieve, in a sentence."
        defaultValue={val("title")}
        errors={state.fields.title}
      />
      <TextAreaField
        name="description"
        label={OBJECTIVE_LABELS.description}
        optional
        hint="Why it matters; up to 5,000 characters."
        rows={3}
        defaultValue={val("description")}
        errors={state.fields.description}
      />
      <ChoiceField
        name="level"
        label={OBJECTIVE_LABELS.level}
        type="radio"
        columns={3}
        defaultValue={val("level")}
        errors={state.fields.level}
        options={LEVELS.filter((l) => levels.includes(l.value)).map((l) => ({
          value: l.value,
          label: l.label,
          description: l.description,
        }))}
      />
      <div className="grid gap-6 sm:grid-cols-2">
        {levels.includes("TEAM") && (
          <SelectField
            name="ownerTeamId"
            label={OBJECTIVE_LABELS.ownerTeamId}
            hint="For team objectives."
            emptyLabel="Choose a team"
            className="hidden group-has-[input[name=level][value=TEAM]:checked]/objective:block"
            defaultValue={val("ownerTeamId")}
            errors={state.fields.ownerTeamId}
            options={teams}
          />
        )}
        {(levels.includes("COMPANY") || levels.includes("INDIVIDUAL")) && (
          <SelectField
            name="ownerUserId"
            label={OBJECTIVE_LABELS.ownerUserId}
            hint="The accountable person (company) or the individual."
            emptyLabel="Choose a person"
            className="group-has-[input[name=level][value=TEAM]:checked]/objective:hidden"
            defaultValue={val("ownerUserId")}
            errors={state.fields.ownerUserId}
            options={people}
          />
        )}
        <SelectField
          name="parentId"
          label={OBJECTIVE_LABELS.parentId}
          optional
          hint="The objective of this cycle that this one serves."
          emptyLabel="Nothing (not aligned)"
          defaultValue={val("parentId")}
          errors={state.fields.parentId}
          groups={parents}
        />
      </div>
      {(state.fields.cycleId || state.fields.version || state.fields.objectiveId) && (
        <p className="text-sm font-medium text-rose-700">
          {[
            ...(state.fields.cycleId ?? []),
            ...(state.fields.version ?? []),
            ...(state.fields.objectiveId ?? []),
          ].join(" ")}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton>{conflict ? "Save again" : submitLabel}</SubmitButton>
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

/** On a conflict: what this person had entered where it differs from the current values. */
function YourChanges({
  mine,
  theirs,
  names,
}: {
  mine: FormState<null>["values"];
  theirs: ObjectiveFormValues;
  names: Map<string, string>;
}): ReactNode {
  if (!mine) return null;
  const rows = (Object.keys(theirs) as (keyof ObjectiveFormValues)[])
    .filter((k) => submitted(mine, k) !== undefined && (submitted(mine, k) ?? "") !== (theirs[k] ?? ""))
    .filter((k) => !(k === "ownerTeamId" && submitted(mine, "level") !== "TEAM"))
    .filter((k) => !(k === "ownerUserId" && submitted(mine, "level") === "TEAM"));
  const show = (value: string | undefined) => (value ? (names.get(value) ?? value) : "—");
  return (
    <div className="mt-2">
      <p>
        The form now shows the current values. Your changes were <strong>not saved</strong>; apply them again
        if they still make sense, then save.
      </p>
      {rows.length > 0 && (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          {rows.map((k) => (
            <div key={k} className="contents">
              <dt className="font-medium">Your {OBJECTIVE_LABELS[k]?.toLowerCase()}:</dt>
              <dd className="break-words">{show(submitted(mine, k))}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
