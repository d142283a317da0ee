"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { ChoiceField, dangerButtonClass, SelectField, TextField } from "@/app/_forms/fields";
import { submitted, submittedList } from "@/app/_forms/form-state";
import { deactivatePersonAction, updatePersonAction } from "../actions";

const LABELS = { name: "Name", role: "Role", teamIds: "Teams", timeZone: "Time zone" };

export function PersonForm({
  person,
  teams,
  timeZones,
}: {
  person: { id: string; name: string; role: "admin" | "member"; timeZone: string; teamIds: string[] };
  teams: { id: string; name: string }[];
  timeZones: string[];
}) {
  const { state, formProps } = useFormAction(updatePersonAction);
  const v = state.values;
  return (
    <form {...formProps} className="space-y-5">
      <FormMessage state={state} labels={LABELS} />
      <input type="hidden" name="userId" value={person.id} />
      <TextField
        name="name"
        label={LABELS.name}
        defaultValue={submitted(v, "name") ?? person.name}
        errors={state.fields.name}
        className="sm:max-w-sm"
      />
      <ChoiceField
        name="role"
        label={LABELS.role}
        type="radio"
        columns={2}
        defaultValue={submitted(v, "role") ?? person.role}
        errors={state.fields.role}
        options={[
          { value: "member", label: "Member", description: "Works on their own and their team’s OKRs." },
          { value: "admin", label: "Admin", description: "Also manages people, teams, cycles and settings." },
        ]}
      />
      <ChoiceField
        name="teamIds"
        label={LABELS.teamIds}
        type="checkbox"
        optional
        columns={3}
        hint="Leads stay members of the teams they lead."
        defaultValue={submittedList(v, "teamIds") ?? (v ? [] : person.teamIds)}
        errors={state.fields.teamIds}
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
      />
      <SelectField
        name="timeZone"
        label={LABELS.timeZone}
        defaultValue={submitted(v, "timeZone") ?? person.timeZone}
        errors={state.fields.timeZone}
        options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
        className="sm:max-w-sm"
      />
      <SubmitButton>Save changes</SubmitButton>
    </form>
  );
}

export function DeactivateForm({ userId, name, self }: { userId: string; name: string; self: boolean }) {
  const { state, formProps } = useFormAction(deactivatePersonAction);
  return (
    <form {...formProps} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      {self && (
        <p className="text-sm text-stone-700">
          This is you: you would be signed out and could not sign in again.
        </p>
      )}
      {state.status !== "done" && (
        <SubmitButton pendingText="Deactivating…" className={dangerButtonClass}>
          Deactivate {name}
        </SubmitButton>
      )}
    </form>
  );
}
