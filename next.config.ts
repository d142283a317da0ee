import type { NextConfig } from "next";

const config: NextConfig = {
  // Bundled PGlite breaks pages (ERR_INVALID_ARG_TYPE); load it from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "proper-lockfile", "pg-boss", "nodemailer"],
  // Do not let `next dev` write an AGENTS.md into the project.
  agentRules: false,
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
