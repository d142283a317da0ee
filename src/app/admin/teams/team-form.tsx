"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { ChoiceField, SelectField, TextField } from "@/app/_forms/fields";
import { submitted, submittedList } from "@/app/_forms/form-state";
import { createTeamAction, updateTeamAction } from "./actions";

const LABELS = { name: "Team name", leadUserId: "Lead", memberIds: "Members", parentTeamId: "Parent team" };

type Team = {
  id: string;
  name: string;
  leadUserId: string | null;
  memberIds: string[];
  parentTeamId: string | null;
};

/** Creates a team (no `team`) or edits one. `parents` already leaves out the team itself and its sub-teams. */
export function TeamForm({
  team,
  people,
  parents,
}: {
  team?: Team;
  people: { id: string; name: string }[];
  parents: { id: string; name: string }[];
}) {
  const { state, formProps } = useFormAction(team ? updateTeamAction : createTeamAction);
  const fresh = !team && state.status === "done";
  const v = fresh ? null : state.values;
  const peopleOptions = people.map((p) => ({ value: p.id, label: p.name }));
  return (
    <form {...formProps} key={fresh ? state.answeredAt : "team"} className="space-y-5">
      <FormMessage state={state} labels={LABELS} />
      {team && <input type="hidden" name="teamId" value={team.id} />}
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField
          name="name"
          label={LABELS.name}
          defaultValue={submitted(v, "name") ?? team?.name}
          errors={state.fields.name}
        />
        <SelectField
          name="leadUserId"
          label={LABELS.leadUserId}
          optional
          hint="Leads edit their team’s objectives."
          emptyLabel="No lead"
          defaultValue={submitted(v, "leadUserId") ?? team?.leadUserId ?? ""}
          errors={state.fields.leadUserId}
          options={peopleOptions}
        />
        <SelectField
          name="parentTeamId"
          label={LABELS.parentTeamId}
          optional
          hint="The team this one is part of."
          emptyLabel="No parent team"
          defaultValue={submitted(v, "parentTeamId") ?? team?.parentTeamId ?? ""}
          errors={state.fields.parentTeamId}
          options={parents.map((t) => ({ value: t.id, label: t.name }))}
        />
      </div>
      <details
        className="group rounded-md border border-stone-200 px-3 py-2"
        open={Boolean(team) || Boolean(state.fields.memberIds)}
      >
        <summary className="text-sm font-medium text-stone-800">
          <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">
            ▸
          </span>
          Members
        </summary>
        <ChoiceField
          name="memberIds"
          label={LABELS.memberIds}
          type="checkbox"
          optional
          columns={3}
          className="mt-3"
          hint="The lead is always a member."
          defaultValue={submittedList(v, "memberIds") ?? (v ? [] : (team?.memberIds ?? []))}
          errors={state.fields.memberIds}
          options={peopleOptions}
        />
      </details>
      <SubmitButton>{team ? "Save team" : "Create team"}</SubmitButton>
    </form>
  );
}
