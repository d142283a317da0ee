/**
 * A process that owns an embedded (PGlite) data directory the way `npm run serve` and `npm run
 * worker` do — `getDatabase()` with CAIRN_DATA_DIR, which takes the directory lock and migrates —
 * and obeys lines on stdin: `write <email>` inserts a person, `count` prints how many there are,
 * `close` closes the database (releasing the lock) and exits 0.
 */
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import { closeDatabase, getDatabase } from "@/db";
import { users } from "@/db/schema";
import { queryRows } from "@/db/sql";

const handle = await getDatabase();
console.log(`holder: open (${handle.kind})`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, arg] = line.trim().split(/\s+/);
  try {
    if (command === "write" && arg) {
      await handle.db.insert(users).values({ email: arg, name: arg });
      console.log(`holder: wrote ${arg}`);
    } else if (command === "count") {
      const [row] = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM users`);
      console.log(`holder: count ${row?.n}`);
    } else if (command === "close") {
      await closeDatabase();
      console.log("holder: closed");
      process.exit(0);
    }
  } catch (e) {
    console.log(`holder: error ${e instanceof Error ? e.message : String(e)}`);
  }
}
