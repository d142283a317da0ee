import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/db/schema.ts (`npm run db:generate`), committed, and applied on start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./src/db/migrations",
  strict: true,
});
