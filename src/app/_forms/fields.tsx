/**
 * Labelled form fields that show their own errors next to them. Server-renderable (no hooks), so
 * forms work before and without client JavaScript. Every control gets `aria-invalid` and
 * `aria-describedby` (its errors first, then its hint) when it has something to say.
 */
import type { ReactNode } from "react";

/** The id of a field's control, used by labels and by the error summary's links. */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

export const inputClass =
  "block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-[15px] text-stone-900 shadow-xs placeholder:text-stone-400 focus:border-stone-900 focus:outline-2 focus:outline-offset-0 focus:outline-stone-900 aria-[invalid=true]:border-rose-600 aria-[invalid=true]:bg-rose-50/40 disabled:bg-stone-100 disabled:text-stone-500";

export const primaryButtonClass =
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-md bg-stone-900 px-4 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-stone-700 disabled:cursor-wait disabled:opacity-70";

export const secondaryButtonClass =
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-900 shadow-xs transition hover:bg-stone-50 disabled:cursor-wait disabled:opacity-70";

export const dangerButtonClass =
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-rose-300 bg-white px-4 py-2 text-sm font-semibold text-rose-800 shadow-xs transition hover:bg-rose-50 disabled:cursor-wait disabled:opacity-70";

export const linkClass = "font-medium text-stone-900 underline underline-offset-2 hover:text-stone-600";

type Described = { id: string; hint?: ReactNode; errors?: string[] | undefined };

/** aria attributes tying a control to its errors and hint. */
export function describedBy({ id, hint, errors }: Described) {
  const ids = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return {
    "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    "aria-invalid": errors?.length ? (true as const) : undefined,
  };
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={`${id}-error`} className="mt-1.5 space-y-0.5 text-sm font-medium text-rose-700">
      {errors.map((e) => (
        <li key={e} className="flex gap-1.5">
          <span aria-hidden="true" className="font-bold">
            !
          </span>
          <span>
            <span className="sr-only">Error: </span>
            {e}
          </span>
        </li>
      ))}
    </ul>
  );
}

type ShellProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | undefined;
  optional?: boolean;
  className?: string;
  children: ReactNode;
};

export function FieldShell({ id, label, hint, errors, optional, className = "", children }: ShellProps) {
  return (
    <div className={className} data-field={id}>
      <label htmlFor={id} className="block text-sm font-medium text-stone-900">
        {label}
        {optional && <span className="font-normal text-stone-600"> (optional)</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <div className="mt-1.5">{children}</div>
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

type Common = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | undefined;
  optional?: boolean;
  className?: string;
  /** Overrides the id made from `name` (several forms on one page). */
  id?: string;
  disabled?: boolean;
};

export function TextField({
  name,
  label,
  hint,
  errors,
  optional,
  className,
  id = fieldId(name),
  defaultValue,
  type = "text",
  inputMode,
  autoComplete,
  placeholder,
  inputClassName = "",
  disabled,
  list,
}: Common & {
  defaultValue?: string | number | undefined;
  type?: "text" | "email" | "date" | "search";
  inputMode?: "text" | "decimal" | "numeric" | "email";
  autoComplete?: string;
  placeholder?: string;
  inputClassName?: string;
  list?: string;
}) {
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors} optional={optional} className={className}>
      <input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete ?? "off"}
        placeholder={placeholder}
        defaultValue={defaultValue}
        required={!optional}
        disabled={disabled}
        list={list}
        className={`${inputClass} ${inputClassName}`}
        {...describedBy({ id, hint, errors })}
      />
    </FieldShell>
  );
}

/** A number typed as text: the server reads exactly what was typed and explains what is wrong. */
export function NumberField(
  props: Common & { defaultValue?: string | number | undefined; inputClassName?: string; suffix?: ReactNode },
) {
  const { suffix, ...rest } = props;
  if (!suffix)
    return (
      <TextField {...rest} inputMode="decimal" inputClassName={props.inputClassName ?? "tabular-nums"} />
    );
  const id = props.id ?? fieldId(props.name);
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      errors={props.errors}
      optional={props.optional}
      className={props.className}
    >
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={props.name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={props.defaultValue}
          required={!props.optional}
          disabled={props.disabled}
          className={`${inputClass} tabular-nums ${props.inputClassName ?? ""}`}
          {...describedBy({ id, hint: props.hint, errors: props.errors })}
        />
        <span className="shrink-0 text-sm text-stone-600">{suffix}</span>
      </div>
    </FieldShell>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  errors,
  optional,
  className,
  id = fieldId(name),
  defaultValue,
  rows = 3,
  disabled,
}: Common & { defaultValue?: string | undefined; rows?: number }) {
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors} optional={optional} className={className}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        required={!optional}
        disabled={disabled}
        className={inputClass}
        {...describedBy({ id, hint, errors })}
      />
    </FieldShell>
  );
}

export type Option = { value: string; label: string; disabled?: boolean };
export type OptionGroup = { label: string; options: Option[] };

export function SelectField({
  name,
  label,
  hint,
  errors,
  optional,
  className,
  id = fieldId(name),
  defaultValue,
  options,
  groups,
  emptyLabel,
  disabled,
}: Common & {
  defaultValue?: string | undefined;
  options?: Option[];
  groups?: OptionGroup[];
  /** A first option with an empty value (e.g. "No parent"). */
  emptyLabel?: string;
}) {
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors} optional={optional} className={className}>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={!optional}
        disabled={disabled}
        className={`${inputClass} pr-8`}
        {...describedBy({ id, hint, errors })}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options?.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) =>
          g.options.length === 0 ? null : (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value} disabled={o.disabled}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ),
        )}
      </select>
    </FieldShell>
  );
}

export type ChoiceOption = { value: string; label: ReactNode; description?: ReactNode };

/** A group of radio buttons or checkboxes in a fieldset; the legend names it, each option may explain itself. */
export function ChoiceField({
  name,
  label,
  hint,
  errors,
  optional,
  className = "",
  id = fieldId(name),
  type,
  options,
  defaultValue,
  columns = 1,
  disabled,
}: Common & {
  type: "radio" | "checkbox";
  options: ChoiceOption[];
  defaultValue?: string | string[] | undefined;
  columns?: 1 | 2 | 3;
}) {
  const selected = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []);
  const grid = columns === 3 ? "sm:grid-cols-3" : columns === 2 ? "sm:grid-cols-2" : "";
  return (
    <fieldset
      className={className}
      data-field={id}
      role={type === "radio" ? "radiogroup" : undefined}
      aria-describedby={describedBy({ id, hint, errors })["aria-describedby"]}
      aria-invalid={type === "radio" && errors?.length ? true : undefined}
    >
      <legend className="block text-sm font-medium text-stone-900">
        {label}
        {optional && <span className="font-normal text-stone-600"> (optional)</span>}
      </legend>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <div className={`mt-2 grid gap-2 ${grid}`}>
        {options.length === 0 && <p className="text-sm text-stone-600">Nothing to choose from yet.</p>}
        {options.map((o, i) => {
          const optionId = i === 0 ? id : `${id}-${i}`;
          return (
            <label
              key={o.value}
              htmlFor={optionId}
              className={`flex cursor-pointer items-start gap-2.5 rounded-md border bg-white px-3 py-2 text-sm has-checked:border-stone-900 has-checked:bg-stone-50 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-stone-900 ${
                errors?.length ? "border-rose-600" : "border-stone-300"
              }`}
            >
              <input
                id={optionId}
                type={type}
                name={name}
                value={o.value}
                defaultChecked={selected.has(o.value)}
                disabled={disabled}
                aria-invalid={type === "checkbox" && errors?.length ? true : undefined}
                className="mt-0.5 size-4 shrink-0 accent-stone-900 focus:outline-none"
              />
              <span>
                <span className="font-medium text-stone-900">{o.label}</span>
                {o.description && <span className="mt-0.5 block text-stone-600">{o.description}</span>}
              </span>
            </label>
          );
        })}
      </div>
      <FieldErrors id={id} errors={errors} />
    </fieldset>
  );
}

/** A page's title block: a back link, the heading and a line of context. */
export function PageHeader({
  title,
  intro,
  back,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  back?: { href: string; label: string };
  children?: ReactNode;
}) {
  return (
    <div className="mb-6">
      {back && (
        <p className="mb-2 text-sm">
          <a
            href={back.href}
            className="text-stone-600 underline-offset-2 hover:text-stone-900 hover:underline"
          >
            <span aria-hidden="true">← </span>
            {back.label}
          </a>
        </p>
      )}
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">{title}</h1>
        {children}
      </div>
      {intro && <div className="mt-1.5 max-w-2xl text-[15px] leading-relaxed text-stone-600">{intro}</div>}
    </div>
  );
}

/** A white card that groups a form or a list. */
export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <div className={`rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-6 ${className}`}>
      {children}
    </div>
  );
}
