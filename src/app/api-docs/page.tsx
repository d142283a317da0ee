import type { Metadata } from "next";
import type { ReactNode } from "react";
import { API_OPERATIONS, type ApiOperation, buildOpenApiDocument, ERRORS } from "@/server/openapi";

// Dynamic so that the header shows who is signed in; the content itself is the same for everyone.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API reference · Cairn" };

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

const METHOD_STYLE: Record<ApiOperation["method"], string> = {
  get: "bg-sky-100 text-sky-950 ring-sky-600/30",
  post: "bg-emerald-100 text-emerald-950 ring-emerald-600/30",
  patch: "bg-amber-100 text-amber-950 ring-amber-600/30",
};

const ACCESS: Record<ApiOperation["access"], string> = {
  none: "Public",
  read: "Read token or session",
  write: "Write token or session",
};

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  if (t === "array" && s.items) return `${typeOf(s.items)}[]`;
  return s.format ? `${t} (${s.format})` : t;
}

function limits(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.maxLength !== undefined) parts.push(`at most ${s.maxLength} characters`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(", ");
}

function Code({ children }: { children: ReactNode }) {
  return (
    <pre className="mt-1.5 overflow-x-auto rounded-md bg-stone-900 p-3 font-mono text-[13px] leading-relaxed text-stone-100">
      {children}
    </pre>
  );
}

function Table({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="mt-1.5 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-stone-200 text-stone-600">
            {head.map((h) => (
              <th key={h} scope="col" className="py-1.5 pr-4 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static rows.
            <tr key={i} className="border-b border-stone-100 align-top">
              {cells.map((c, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static cells.
                <td key={j} className="py-1.5 pr-4">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const anchor = (op: ApiOperation) => op.operationId;

function curl(op: ApiOperation): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = op.parameters.find((x) => x.name === name);
    return p?.example ?? `<${name}>`;
  });
  const lines = [`curl -X ${op.method.toUpperCase()} "$CAIRN_URL${path}"`];
  if (op.access !== "none") lines.push(`  -H "Authorization: Bearer $CAIRN_TOKEN"`);
  for (const h of op.parameters.filter((p) => p.in === "header"))
    lines.push(`  -H "${h.name}: ${h.example ?? "…"}"`);
  if (op.request) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d '${JSON.stringify(op.request.example)}'`);
  }
  return lines.join(" \\\n");
}

/** The API reference, rendered on the server from the same list as /api/v1/openapi.json. */
export default function ApiDocsPage() {
  const doc = buildOpenApiDocument();
  const tags = [...new Set(API_OPERATIONS.map((o) => o.tag))];
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">API reference</h1>
        <div className="mt-2 max-w-3xl space-y-2 text-[15px] leading-relaxed text-stone-700">
          <p>
            Cairn’s JSON API lives under <code className="font-mono">/api/v1</code>. Scripts authenticate with
            a personal token from{" "}
            <a href="/settings/tokens" className="font-medium text-stone-900 underline underline-offset-2">
              API tokens
            </a>
            , sent as <code className="font-mono">Authorization: Bearer cairn_…</code>. A token acts as its
            person with the same permissions as in the app; a read token may only use GET. The
            machine-readable description is{" "}
            <a
              href="/api/v1/openapi.json"
              className="font-medium text-stone-900 underline underline-offset-2"
            >
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </p>
          <p>
            Writes send JSON with <code className="font-mono">Content-Type: application/json</code>. Check-ins
            accept an <code className="font-mono">Idempotency-Key</code> header so that a retried script
            records one check-in. Every error answers{" "}
            <code className="font-mono">{'{"error": {"code", "message", "fields"}}'}</code>.
          </p>
        </div>
      </div>

      <nav
        aria-labelledby="toc-heading"
        className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs"
      >
        <h2 id="toc-heading" className="text-base font-semibold text-stone-900">
          Endpoints
        </h2>
        <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
          {API_OPERATIONS.map((op) => (
            <li key={anchor(op)}>
              <a href={`#${anchor(op)}`} className="hover:underline">
                <span className="inline-block w-14 font-mono text-xs font-semibold uppercase">
                  {op.method}
                </span>
                <code className="font-mono">{op.path}</code>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="errors-heading">
        <h2 id="errors-heading" className="text-xl font-semibold tracking-tight text-stone-900">
          Errors
        </h2>
        <Table
          head={["Status", "Code", "When"]}
          rows={Object.entries(ERRORS).map(([status, e]) => [
            <code key="s" className="font-mono">
              {status}
            </code>,
            <code key="c" className="font-mono">
              {e.code}
            </code>,
            e.description,
          ])}
        />
      </section>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-6">
          <h2 id={`tag-${tag}`} className="text-xl font-semibold tracking-tight text-stone-900">
            {tag}
          </h2>
          {API_OPERATIONS.filter((op) => op.tag === tag).map((op) => {
            const spec = doc.paths[op.path]?.[op.method] as
              | {
                  parameters: {
                    name: string;
                    in: string;
                    required: boolean;
                    schema: JsonSchema;
                    description: string;
                  }[];
                  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
                }
              | undefined;
            const bodySchema = spec?.requestBody?.content["application/json"].schema;
            const required = new Set(bodySchema?.required ?? []);
            return (
              <article
                key={anchor(op)}
                id={anchor(op)}
                aria-labelledby={`${anchor(op)}-title`}
                className="scroll-mt-4 rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-6"
              >
                <h3 id={`${anchor(op)}-title`} className="flex flex-wrap items-center gap-2">
                  <span
                    className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ring-1 ring-inset ${METHOD_STYLE[op.method]}`}
                  >
                    {op.method}
                  </span>
                  <code className="font-mono text-[15px] font-semibold text-stone-900">{op.path}</code>
                </h3>
                <p className="mt-1 font-medium text-stone-900">{op.summary}</p>
                <p className="mt-1 text-sm leading-relaxed text-stone-700">{op.description}</p>
                <p className="mt-1 text-sm text-stone-600">
                  <span className="font-medium text-stone-900">Access:</span> {ACCESS[op.access]}
                </p>

                {spec && spec.parameters.length > 0 && (
                  <div className="mt-4">
                    <h4 className="text-sm font-semibold text-stone-900">Parameters</h4>
                    <Table
                      head={["Name", "In", "Type", "Description"]}
                      rows={spec.parameters.map((p) => [
                        <code key="n" className="font-mono">
                          {p.name}
                          {p.required ? "" : "?"}
                        </code>,
                        p.in,
                        typeOf(p.schema),
                        p.description,
                      ])}
                    />
                  </div>
                )}

                {bodySchema?.properties && (
                  <div className="mt-4">
                    <h4 className="text-sm font-semibold text-stone-900">Body fields</h4>
                    <Table
                      head={["Field", "Type", "Notes"]}
                      rows={Object.entries(bodySchema.properties).map(([name, s]) => [
                        <code key="n" className="font-mono">
                          {name}
                          {required.has(name) ? "" : "?"}
                        </code>,
                        typeOf(s),
                        [s.description, limits(s)].filter(Boolean).join(" · "),
                      ])}
                    />
                  </div>
                )}

                <div className="mt-4">
                  <h4 className="text-sm font-semibold text-stone-900">Example request</h4>
                  <Code>{curl(op)}</Code>
                </div>
                <div className="mt-4">
                  <h4 className="text-sm font-semibold text-stone-900">
                    Example response{" "}
                    <span className="font-normal text-stone-600">({op.response.status})</span>
                  </h4>
                  <Code>{JSON.stringify(op.response.example, null, 2)}</Code>
                </div>
                {op.errors.length > 0 && (
                  <p className="mt-3 text-sm text-stone-600">
                    <span className="font-medium text-stone-900">Errors:</span>{" "}
                    {op.errors.map((s) => `${s} ${ERRORS[s].code}`).join(", ")}
                  </p>
                )}
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
