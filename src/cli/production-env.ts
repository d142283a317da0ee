/**
 * Imported FIRST by every command that runs the product (serve, start, worker, sweep) and by the
 * benchmark: ES modules evaluate imports in order, and React (so the email templates and Next's
 * bundles) picks its development or production build from NODE_ENV when first loaded. Next sets
 * NODE_ENV only inside `app.prepare()`, after the jobs and email templates were already imported.
 * A deployment runs with NODE_ENV=production unless told otherwise. (React's development build made
 * the weekly email render several times slower.) This is the one place besides src/env.ts that
 * touches process.env: it writes a default, it reads no configuration.
 */
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
