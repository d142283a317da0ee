/**
 * Small building blocks shared by the setup, sign-in and sign-out pages: a centred card, labelled
 * fields that show their own errors, and an error summary. Server-renderable (no hooks).
 */
import type { ReactNode } from "react";

export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md py-2 sm:py-8">
      <div className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-stone-900 sm:text-2xl">{title}</h1>
        {intro && <div className="mt-2 text-[15px] leading-relaxed text-stone-600">{intro}</div>}
        <div className="mt-6">{children}</div>
      </div>
    </div>
  );
}

export const inputClass =
  "block w-full rounded-md border bg-white px-3 py-2 text-[15px] text-stone-900 shadow-sm placeholder:text-stone-400 focus:border-stone-900 focus:outline-2 focus:outline-offset-0 focus:outline-stone-900 aria-[invalid=true]:border-rose-600";

export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-900">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <div className="mt-1.5">{children}</div>
      {errors && errors.length > 0 && (
        <ul id={`${id}-error`} className="mt-1.5 space-y-0.5 text-sm font-medium text-rose-700">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** aria attributes tying an input to its hint and errors. */
export function describedBy(id: string, options: { hint?: boolean; errors?: string[] }) {
  const ids = [options.hint ? `${id}-hint` : null, options.errors?.length ? `${id}-error` : null].filter(
    Boolean,
  );
  return {
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
    "aria-invalid": options.errors?.length ? true : undefined,
  };
}

export function Notice({ tone, children }: { tone: "info" | "success" | "error"; children: ReactNode }) {
  const styles = {
    info: "border-stone-300 bg-stone-50 text-stone-800",
    success: "border-emerald-300 bg-emerald-50 text-emerald-900",
    error: "border-rose-300 bg-rose-50 text-rose-900",
  }[tone];
  return <div className={`rounded-md border px-3.5 py-3 text-sm leading-relaxed ${styles}`}>{children}</div>;
}

export const primaryButtonClass =
  "inline-flex w-full items-center justify-center rounded-md bg-stone-900 px-4 py-2.5 text-[15px] font-semibold text-white shadow-sm transition hover:bg-stone-700 disabled:cursor-wait disabled:opacity-70";

export const secondaryButtonClass =
  "inline-flex w-full items-center justify-center rounded-md border border-stone-300 bg-white px-4 py-2.5 text-[15px] font-semibold text-stone-900 shadow-sm transition hover:bg-stone-50 disabled:cursor-wait disabled:opacity-70";

export const OUTBOX_NOTICE =
  "No mail server is configured yet: an admin can read sign-in links at /admin/outbox";
