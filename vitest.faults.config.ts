/**
 * `npm run test:faults`: the fault suite (tests/faults/README.md) — real processes, real PostgreSQL
 * (throwaway servers for restarts), real SMTP sinks. Separate from `npm test`: slower, and it starts
 * and kills processes.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["tests/faults/**/*.fault.test.ts"],
    environment: "node",
    pool: "forks",
    // Two files at a time on a 2-core machine: most of these tests wait on processes and timers.
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 240_000,
    hookTimeout: 420_000,
    teardownTimeout: 60_000,
  },
});
