"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { NumberField, SelectField, TextAreaField, TextField } from "@/app/_forms/fields";
import { submitted } from "@/app/_forms/form-state";
import { updateSettingsAction } from "./actions";

const LABELS = {
  name: "Organisation name",
  timeZone: "Time zone",
  atRiskRatio: "At-risk line",
  offTrackRatio: "Off-track line",
  staleAfterDays: "Stale after",
  reminderWeekday: "Reminder day",
  reminderHour: "Reminder hour",
  leadershipRecipients: "Leadership digest recipients",
  autoCloseAfterDays: "Close cycles automatically after",
};

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export type SettingsValues = {
  name: string;
  timeZone: string;
  atRiskRatio: number;
  offTrackRatio: number;
  staleAfterDays: number;
  reminderWeekday: number;
  reminderHour: number;
  leadershipRecipients: string[];
  autoCloseAfterDays: number;
};

export function SettingsForm({ settings, timeZones }: { settings: SettingsValues; timeZones: string[] }) {
  const { state, formProps } = useFormAction(updateSettingsAction);
  const v = state.values;
  return (
    <form {...formProps} className="space-y-8">
      <FormMessage state={state} labels={LABELS} />
      <fieldset className="space-y-5">
        <legend className="text-base font-semibold text-stone-900">Organisation</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            name="name"
            label={LABELS.name}
            defaultValue={submitted(v, "name") ?? settings.name}
            errors={state.fields.name}
          />
          <SelectField
            name="timeZone"
            label={LABELS.timeZone}
            hint="Cycle days and due dates are counted in it."
            defaultValue={submitted(v, "timeZone") ?? settings.timeZone}
            errors={state.fields.timeZone}
            options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="text-base font-semibold text-stone-900">Status rules</legend>
        <p className="-mt-3 text-sm leading-relaxed text-stone-600">
          A key result’s progress is compared with the progress expected by today. As a share of expected (0.7
          means 70%): at or above the at-risk line it is on track; between the two lines at risk; below the
          off-track line off track.
        </p>
        <div className="grid gap-5 sm:grid-cols-3">
          <NumberField
            name="atRiskRatio"
            label={LABELS.atRiskRatio}
            hint="Above 0, at most 1. Default 0.7."
            defaultValue={submitted(v, "atRiskRatio") ?? settings.atRiskRatio}
            errors={state.fields.atRiskRatio}
          />
          <NumberField
            name="offTrackRatio"
            label={LABELS.offTrackRatio}
            hint="Below the at-risk line. Default 0.4."
            defaultValue={submitted(v, "offTrackRatio") ?? settings.offTrackRatio}
            errors={state.fields.offTrackRatio}
          />
          <NumberField
            name="staleAfterDays"
            label={LABELS.staleAfterDays}
            hint="Days without a check-in, 1–365."
            suffix="days"
            defaultValue={submitted(v, "staleAfterDays") ?? settings.staleAfterDays}
            errors={state.fields.staleAfterDays}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="text-base font-semibold text-stone-900">Reminders and digest</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <SelectField
            name="reminderWeekday"
            label={LABELS.reminderWeekday}
            hint="The weekly check-in reminder, in each person’s own time zone."
            defaultValue={submitted(v, "reminderWeekday") ?? String(settings.reminderWeekday)}
            errors={state.fields.reminderWeekday}
            options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
          />
          <SelectField
            name="reminderHour"
            label={LABELS.reminderHour}
            hint="Local time of the reminder."
            defaultValue={submitted(v, "reminderHour") ?? String(settings.reminderHour)}
            errors={state.fields.reminderHour}
            options={Array.from({ length: 24 }, (_, h) => ({
              value: String(h),
              label: `${String(h).padStart(2, "0")}:00`,
            }))}
          />
        </div>
        <TextAreaField
          name="leadershipRecipients"
          label={LABELS.leadershipRecipients}
          optional
          rows={4}
          hint="Email addresses, one per line. They receive the company health digest and the end-of-cycle retrospective."
          defaultValue={submitted(v, "leadershipRecipients") ?? settings.leadershipRecipients.join("\n")}
          errors={state.fields.leadershipRecipients}
        />
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="text-base font-semibold text-stone-900">End of cycle</legend>
        <div className="grid gap-5 sm:grid-cols-3">
          <NumberField
            name="autoCloseAfterDays"
            label={LABELS.autoCloseAfterDays}
            hint="Days after an active cycle’s last day, 0–90 (0 = the next day). Closing freezes grades and emails the retrospective. Default 7."
            suffix="days"
            defaultValue={submitted(v, "autoCloseAfterDays") ?? settings.autoCloseAfterDays}
            errors={state.fields.autoCloseAfterDays}
          />
        </div>
      </fieldset>
      <SubmitButton>Save settings</SubmitButton>
    </form>
  );
}
