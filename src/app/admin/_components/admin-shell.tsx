import { forbidden } from "next/navigation";
import type { ReactNode } from "react";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import type { Actor } from "@/server/actor";

export type AdminSection =
  | "people"
  | "teams"
  | "cycles"
  | "settings"
  | "import"
  | "export"
  | "webhooks"
  | "tokens"
  | "outbox";

const SECTIONS: { key: AdminSection; href: string; label: string }[] = [
  { key: "people", href: "/admin/people", label: "People" },
  { key: "teams", href: "/admin/teams", label: "Teams" },
  { key: "cycles", href: "/admin/cycles", label: "Cycles" },
  { key: "settings", href: "/admin/settings", label: "Settings" },
  { key: "import", href: "/admin/import", label: "Import" },
  { key: "export", href: "/admin/export", label: "Export" },
  { key: "webhooks", href: "/admin/webhooks", label: "Webhooks" },
  { key: "tokens", href: "/admin/tokens", label: "API tokens" },
  { key: "outbox", href: "/admin/outbox", label: "Outbox" },
];

/**
 * The signed-in admin, or null for anyone else (the page then renders <AdminForbidden />).
 * Signed-out people are sent to /sign-in. The use cases check again before writing.
 */
export async function adminOrNull(): Promise<Actor | null> {
  const actor = await actorOrSignIn();
  return actor.role === "admin" ? actor : null;
}

/** Admin pages refuse everyone else with HTTP 403 (src/app/forbidden.tsx). */
export function AdminForbidden(): never {
  forbidden();
}

/** The admin area's heading and section links (scrolls sideways on a phone). */
export function AdminShell({
  section,
  title,
  intro,
  children,
}: {
  section: AdminSection | null;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      <nav aria-label="Admin" className="-mx-1 mb-5 overflow-x-auto">
        <ul className="flex gap-1 px-1">
          {SECTIONS.map((s) => (
            <li key={s.key} className="shrink-0">
              <a
                href={s.href}
                aria-current={s.key === section ? "page" : undefined}
                className={`inline-flex min-h-9 items-center rounded-md px-3 text-sm font-medium ring-1 ring-inset ${
                  s.key === section
                    ? "bg-stone-900 text-white ring-stone-900"
                    : "bg-white text-stone-700 ring-stone-300 hover:bg-stone-100 hover:text-stone-900"
                }`}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mb-6">
        <p className="text-sm font-medium text-stone-600">Admin</p>
        <h1 className="mt-0.5 text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">
          {title}
        </h1>
        {intro && <div className="mt-1.5 max-w-2xl text-[15px] leading-relaxed text-stone-600">{intro}</div>}
      </div>
      {children}
    </div>
  );
}

/** A section of an admin page: a heading and a white card. */
export function AdminCard({
  title,
  id,
  description,
  children,
}: {
  title: string;
  id: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-6"
    >
      <h2 id={id} className="text-lg font-semibold tracking-tight text-stone-900">
        {title}
      </h2>
      {description && <div className="mt-1 text-sm leading-relaxed text-stone-600">{description}</div>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export function RoleBadge({ role }: { role: "admin" | "member" }) {
  return role === "admin" ? (
    <span className="inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide bg-stone-900 text-white">
      Admin
    </span>
  ) : (
    <span className="inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide bg-stone-100 text-stone-700 ring-1 ring-inset ring-stone-500/20">
      Member
    </span>
  );
}
