/**
 * Shared edge for command-line entry points: expected errors (AppError, invalid environment) print
 * their message and exit 1 — never a stack trace; anything else prints in full.
 */
import { closeDatabase } from "@/db";
import { isAppError } from "@/lib/errors";

/** `main` resolves to "keep-running" for servers; anything else means done. */
export async function runCli(main: () => Promise<unknown>): Promise<void> {
  try {
    const outcome = await main();
    if (outcome !== "keep-running") {
      await closeDatabase();
      process.exit(0);
    }
  } catch (e) {
    if (isAppError(e) || (e instanceof Error && e.message.startsWith("Invalid environment"))) {
      console.error(`cairn: ${e.message}`);
    } else {
      console.error(e);
    }
    await closeDatabase().catch(() => {});
    process.exit(1);
  }
}
