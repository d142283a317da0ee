/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API (public; built from the zod schemas). */
import { buildOpenApiDocument } from "@/server/openapi";

export const dynamic = "force-static";

export function GET(): Response {
  return new Response(JSON.stringify(buildOpenApiDocument(), null, 2), {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
