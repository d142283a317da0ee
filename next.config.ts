import type { NextConfig } from "next";

const config: NextConfig = {
  // Bundled PGlite breaks pages (ERR_INVALID_ARG_TYPE); load it from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "proper-lockfile", "pg-boss", "nodemailer"],
  // Do not let `next dev` write an AGENTS.md into the project.
  agentRules: false,
  poweredByHeader: false,
  // forbidden() from next/navigation: refused pages answer HTTP 403 (src/app/forbidden.tsx).
  experimental: { authInterrupts: true },
  typedRoutes: false,
  // One-click check-in links carry a capability token in the address (ADR 0005): never leak it in a
  // Referer, never let a shared cache keep the page.
  async headers() {
    return [
      {
        source: "/u/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
    ];
  },
};

export default config;
