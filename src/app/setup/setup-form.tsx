"use client";

import { useActionState, useEffect, useRef } from "react";
import { ErrorSummary } from "../sign-in/_components/error-summary";
import { describedBy, Field, inputClass, primaryButtonClass } from "../sign-in/_components/ui";
import { type SetupState, setupAction } from "./actions";

const initial: SetupState = { message: null, fields: {}, values: null, attempt: 0 };

export function SetupForm({ timeZones }: { timeZones: string[] }) {
  const [state, formAction, pending] = useActionState(setupAction, initial);
  const v = state.values;
  const f = state.fields;
  const orgZone = useRef<HTMLSelectElement>(null);
  const adminZone = useRef<HTMLSelectElement>(null);

  // With JavaScript, preselect the browser's time zone on a fresh form.
  useEffect(() => {
    if (state.values) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZones.includes(zone)) return;
    for (const el of [orgZone.current, adminZone.current]) if (el && el.value === "UTC") el.value = zone;
  }, [state.values, timeZones]);

  const errorCount = Object.values(f).filter((list) => list && list.length > 0).length;
  const zoneOptions = timeZones.map((z) => (
    <option key={z} value={z}>
      {z.replaceAll("_", " ")}
    </option>
  ));

  return (
    <form action={formAction} noValidate className="space-y-6" key={state.attempt}>
      <ErrorSummary message={state.message} count={errorCount} token={state.attempt} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold uppercase tracking-wide text-stone-500">Organisation</legend>
        <Field id="organisationName" label="Organisation name" errors={f.organisationName}>
          <input
            id="organisationName"
            name="organisationName"
            type="text"
            required
            maxLength={120}
            autoComplete="organization"
            defaultValue={v?.organisationName ?? ""}
            className={inputClass}
            {...describedBy("organisationName", { errors: f.organisationName })}
          />
        </Field>
        <Field
          id="organisationTimeZone"
          label="Organisation time zone"
          hint="Cycles start and end, and reminders go out, in this time zone."
          errors={f.organisationTimeZone}
        >
          <select
            ref={orgZone}
            id="organisationTimeZone"
            name="organisationTimeZone"
            required
            defaultValue={v?.organisationTimeZone || "UTC"}
            className={inputClass}
            {...describedBy("organisationTimeZone", { hint: true, errors: f.organisationTimeZone })}
          >
            {zoneOptions}
          </select>
        </Field>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold uppercase tracking-wide text-stone-500">
          You, the first admin
        </legend>
        <Field id="adminName" label="Your name" errors={f.adminName}>
          <input
            id="adminName"
            name="adminName"
            type="text"
            required
            maxLength={120}
            autoComplete="name"
            defaultValue={v?.adminName ?? ""}
            className={inputClass}
            {...describedBy("adminName", { errors: f.adminName })}
          />
        </Field>
        <Field
          id="adminEmail"
          label="Your email address"
          hint="You will sign in with links sent to this address."
          errors={f.adminEmail}
        >
          <input
            id="adminEmail"
            name="adminEmail"
            type="email"
            required
            maxLength={254}
            autoComplete="email"
            spellCheck={false}
            defaultValue={v?.adminEmail ?? ""}
            className={inputClass}
            {...describedBy("adminEmail", { hint: true, errors: f.adminEmail })}
          />
        </Field>
        <Field id="adminTimeZone" label="Your time zone" errors={f.adminTimeZone}>
          <select
            ref={adminZone}
            id="adminTimeZone"
            name="adminTimeZone"
            required
            defaultValue={v?.adminTimeZone || "UTC"}
            className={inputClass}
            {...describedBy("adminTimeZone", { errors: f.adminTimeZone })}
          >
            {zoneOptions}
          </select>
        </Field>
      </fieldset>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Setting up…" : "Create organisation and sign in"}
      </button>
    </form>
  );
}
