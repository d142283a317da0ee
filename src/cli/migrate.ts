/** `npm run migrate`: apply pending migrations and exit (the server also does this on start). */
import { getDatabase } from "@/db";
import { runCli } from "./run";

await runCli(async () => {
  const handle = await getDatabase();
  console.log(`Migrations applied (${handle.kind}).`);
});
