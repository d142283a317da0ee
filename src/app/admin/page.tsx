import type { Metadata } from "next";
import { AdminForbidden, AdminShell, adminOrNull } from "./_components/admin-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin · Cairn" };

const LINKS = [
  {
    href: "/admin/people",
    title: "People",
    text: "Invite people, set their role, teams and time zone, deactivate.",
  },
  { href: "/admin/teams", title: "Teams", text: "Create teams, choose their lead, members and parent team." },
  { href: "/admin/cycles", title: "Cycles", text: "Plan a cycle as a draft, set its dates, activate it." },
  {
    href: "/admin/settings",
    title: "Settings",
    text: "Name, time zone, status thresholds, stale days, reminders and the leadership digest.",
  },
  {
    href: "/admin/outbox",
    title: "Outbox",
    text: "Emails waiting to be delivered, including sign-in links.",
  },
  {
    href: "/admin/webhooks",
    title: "Webhooks",
    text: "Signed POSTs to your own systems on check-ins, status changes and closed cycles; delivery log.",
  },
];

export default async function AdminPage() {
  if (!(await adminOrNull())) return <AdminForbidden />;
  return (
    <AdminShell section={null} title="Administration">
      <ul className="grid gap-3 sm:grid-cols-2">
        {LINKS.map((l) => (
          <li key={l.href}>
            <a
              href={l.href}
              className="block h-full rounded-lg border border-stone-200 bg-white p-4 shadow-xs hover:border-stone-400"
            >
              <span className="text-base font-semibold text-stone-900">{l.title}</span>
              <span className="mt-1 block text-sm leading-relaxed text-stone-600">{l.text}</span>
            </a>
          </li>
        ))}
      </ul>
    </AdminShell>
  );
}
