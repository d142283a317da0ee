/** Calls an /api/v1 endpoint through the real wrapper (`handle`) with a test database and actor. */

import { type Endpoint, handle } from "../../src/app/api/v1/_lib/handler";
import type { Db } from "../../src/db/client";
import type { Actor } from "../../src/server/actor";

export type ApiCall = {
  db: Db;
  actor: Actor | null;
  path?: string;
  params?: Record<string, string>;
  body?: unknown;
  /** Raw body text (overrides `body`). */
  raw?: string;
  headers?: Record<string, string>;
  now?: Date;
};

/** The parsed response body; tests read it freely. */
// biome-ignore lint/suspicious/noExplicitAny: response JSON is asserted field by field in tests.
type Json = any;

export async function callApi<P>(ep: Endpoint<P>, call: ApiCall): Promise<{ status: number; json: Json }> {
  const headers = new Headers({ host: "cairn.test", ...call.headers });
  const hasBody = ep.method !== "GET" && (call.body !== undefined || call.raw !== undefined);
  if (hasBody && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req = new Request(`http://cairn.test${call.path ?? "/api/v1/x"}`, {
    method: ep.method,
    headers,
    body: hasBody ? (call.raw ?? JSON.stringify(call.body)) : undefined,
  });
  const res = await handle(
    ep,
    req,
    { params: Promise.resolve((call.params ?? {}) as P) },
    {
      db: call.db,
      resolveActor: async () => call.actor,
      now: call.now ? () => call.now! : undefined,
      appUrl: "https://okr.example.com",
    },
  );
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
