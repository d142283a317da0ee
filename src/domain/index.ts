/**
 * Cairn's progress and status engine: pure functions, no I/O. `now` is always passed in.
 * Each module's doc comment states its rule in plain words.
 */
export * from "./calendar";
export * from "./evaluate";
export * from "./expected";
export * from "./forecast";
export * from "./format";
export * from "./grade";
export * from "./progress";
export * from "./rollup";
export * from "./stale";
export * from "./status";
export * from "./types";
