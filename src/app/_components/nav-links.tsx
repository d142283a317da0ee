"use client";

import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };

/** The main navigation; marks the current section with aria-current (rendered on the server too). */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname() ?? "/";
  return (
    <ul className="flex items-center gap-1 overflow-x-auto">
      {items.map((item) => {
        const current = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <li key={item.href} className="shrink-0">
            <a
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={`inline-flex min-h-9 items-center rounded-md px-2.5 text-sm font-medium ${
                current ? "bg-stone-900 text-white" : "text-stone-700 hover:bg-stone-100 hover:text-stone-900"
              }`}
            >
              {item.label}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
