/**
 * The OpenAPI document: valid OpenAPI 3.1 (swagger-parser), complete (every route file under
 * src/app/api/v1 and each method it exports), every operation with examples and the error shape;
 * examples agree with the zod schemas they document.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { GET } from "../../src/app/api/v1/openapi.json/route";
import { API_OPERATIONS, buildOpenApiDocument } from "../../src/server/openapi";

const API_DIR = path.resolve("src/app/api/v1");

/** [path, method] of every route file: directories become the path, [id] → {id}. */
function routes(): { path: string; method: string }[] {
  const found: { path: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const rel = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
        if (rel.some((part) => part.startsWith("_"))) continue;
        const urlPath = `/api/v1${rel.map((p) => `/${p.replace(/^\[(.+)\]$/, "{$1}")}`).join("")}`;
        const source = readFileSync(full, "utf8");
        for (const m of source.matchAll(
          /export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PATCH|PUT|DELETE)\b/g,
        )) {
          found.push({ path: urlPath, method: m[1]!.toLowerCase() });
        }
      }
    }
  };
  walk(API_DIR);
  return found;
}

describe("OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("is served at GET /api/v1/openapi.json", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it("covers every route file and method under src/app/api/v1, and nothing else", () => {
    const doc = buildOpenApiDocument();
    const files = routes();
    expect(files.length).toBeGreaterThanOrEqual(17);
    for (const r of files) {
      expect(
        doc.paths[r.path]?.[r.method],
        `${r.method.toUpperCase()} ${r.path} is documented`,
      ).toBeDefined();
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(files.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("documents for every operation: examples, the error shape, security", () => {
    const doc = buildOpenApiDocument();
    expect(Object.keys((doc.components as { securitySchemes: object }).securitySchemes).sort()).toEqual([
      "bearerToken",
      "sessionCookie",
    ]);
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const name = `${m} ${p}`;
        const responses = op.responses as Record<string, { content: Record<string, { example?: unknown }> }>;
        const ok = Object.keys(responses).find((s) => s.startsWith("2"));
        expect(ok, name).toBeDefined();
        expect(responses[ok!]!.content["application/json"]!.example, name).toBeDefined();
        if (op.requestBody) {
          const content = (op.requestBody as { content: Record<string, { example?: unknown }> }).content;
          expect(content["application/json"]!.example, name).toBeDefined();
        }
        if (p === "/api/v1/openapi.json") continue;
        expect(Object.keys(responses), name).toContain("401");
        expect(JSON.stringify(responses["401"]), name).toContain("#/components/schemas/Error");
        if (m !== "get") expect(Object.keys(responses), name).toEqual(expect.arrayContaining(["400", "403"]));
      }
    }
    const checkIn = doc.paths["/api/v1/key-results/{id}/check-ins"]!.post!;
    expect(JSON.stringify(checkIn.parameters)).toContain("Idempotency-Key");
    expect(Object.keys(checkIn.responses as object)).toEqual(
      expect.arrayContaining(["400", "401", "403", "404", "422"]),
    );
    const errorSchema = JSON.stringify((doc.components as { schemas: { Error: unknown } }).schemas.Error);
    for (const field of ["code", "message", "fields"]) expect(errorSchema).toContain(`"${field}"`);
  });

  it("its examples agree with the zod schemas", () => {
    for (const op of API_OPERATIONS) {
      const name = `${op.method} ${op.path}`;
      if (op.request) {
        const r = op.request.schema.safeParse(op.request.example);
        expect(r.success, `${name} request: ${r.error?.message}`).toBe(true);
      }
      const r = op.response.schema.safeParse(op.response.example);
      expect(r.success, `${name} response: ${r.error?.message}`).toBe(true);
    }
  });
});
