"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { ChoiceField, SelectField, TextField } from "@/app/_forms/fields";
import { submitted, submittedList } from "@/app/_forms/form-state";
import { invitePersonAction } from "./actions";

const LABELS = {
  email: "Email address",
  name: "Name",
  role: "Role",
  teamIds: "Teams",
  timeZone: "Time zone",
};

export function InviteForm({
  teams,
  timeZones,
  defaultTimeZone,
}: {
  teams: { id: string; name: string }[];
  timeZones: string[];
  defaultTimeZone: string;
}) {
  const { state, formProps } = useFormAction(invitePersonAction);
  const v = state.status === "done" ? null : state.values;
  return (
    <form {...formProps} key={state.status === "done" ? state.answeredAt : "invite"} className="space-y-5">
      <FormMessage
        state={state}
        labels={LABELS}
        success={
          state.result && (
            <p>
              <strong>{state.result.name}</strong> ({state.result.email}) can now sign in: they enter their
              email address at{" "}
              <a href="/sign-in" className="underline underline-offset-2">
                /sign-in
              </a>{" "}
              and open the emailed link (until a mail server is set up, the link waits in the{" "}
              <a href="/admin/outbox" className="underline underline-offset-2">
                outbox
              </a>
              ).
            </p>
          )
        }
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          name="email"
          label={LABELS.email}
          type="email"
          inputMode="email"
          autoComplete="off"
          defaultValue={submitted(v, "email")}
          errors={state.fields.email}
        />
        <TextField
          name="name"
          label={LABELS.name}
          defaultValue={submitted(v, "name")}
          errors={state.fields.name}
        />
      </div>
      <ChoiceField
        name="role"
        label={LABELS.role}
        type="radio"
        columns={2}
        defaultValue={submitted(v, "role") ?? "member"}
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
        defaultValue={submittedList(v, "teamIds")}
        errors={state.fields.teamIds}
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
      />
      <SelectField
        name="timeZone"
        label={LABELS.timeZone}
        hint="Weekly reminders arrive on their Monday morning."
        defaultValue={submitted(v, "timeZone") ?? defaultTimeZone}
        errors={state.fields.timeZone}
        options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
        className="sm:max-w-sm"
      />
      <div>
        <SubmitButton pendingText="Inviting…">Invite person</SubmitButton>
      </div>
    </form>
  );
}
