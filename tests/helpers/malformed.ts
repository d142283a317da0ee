/**
 * Malformed input for the bad-input sweep (tests/integration/bad-input-*.test.ts): a fixed corpus of
 * hostile values and fast-check arbitraries that pick, for one field of a target, a value that field
 * must refuse — wrong types, missing, too long (up to 1 MiB), NaN / Infinity / -0 / 1e309 as
 * strings and numbers, odd Unicode (lone surrogates, NUL, RTL override, zero-width, emoji), SQL and
 * HTML payloads, unknown, malformed and wrong-type ids.
 *
 * Every generated value is wrapped in `Bad` so that a failing case prints as a short label (never a
 * 1 MiB string) and the seed reproduces it: BAD_INPUT_SEED=<seed> npx vitest run <file>.
 */
import fc from "fast-check";

/** The sweep's fixed seed (override with BAD_INPUT_SEED to explore). */
export const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_261_204);

export const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";
export const MIB = 1 << 20;

/** A value with a short printable label. */
export class Bad {
  constructor(
    readonly label: string,
    readonly value: unknown,
  ) {}
  [fc.toStringMethod](): string {
    return this.label;
  }
  toString(): string {
    return this.label;
  }
}

/** Marks "send a file here" (a form field). */
export const FILE = Symbol("file");

/** Marks "leave the field out". */
export const MISSING = new Bad("<missing>", undefined);

let huge: string | undefined;
/** 1 MiB of text (made once). */
export function hugeString(): string {
  huge ??= "A".repeat(MIB);
  return huge;
}

const bad = (label: string, value: unknown) => new Bad(label, value);
const str = (value: string, label?: string) => bad(label ?? JSON.stringify(value).slice(0, 60), value);

// ---------------------------------------------------------------------------------------------
// The corpus

/** Strings no field accepts: NUL bytes and lone surrogates cannot be stored as UTF-8 text. */
export const UNSTORABLE = [
  str("a\u0000b", "NUL inside"),
  str("\u0000", "NUL alone"),
  str("\uD800", "lone high surrogate"),
  str("x\uDC00y", "lone low surrogate"),
  str("\uDFFF\uD800", "reversed surrogates"),
];

/** Odd but storable Unicode: valid in free text, refused where a format is expected. */
export const ODD_UNICODE = [
  str("\u202Eevil\u202C", "RTL override"),
  str("\u200B", "zero-width space"),
  str("a\u200C\u200D\u2060b", "zero-width joiners"),
  str("😀👩‍👩‍👧‍👦🏳️‍🌈", "emoji ZWJ"),
  str("e\u0301\u0301\u0301", "combining marks"),
  str("\u2028\u2029", "line/paragraph separators"),
  str("𝓽𝓲𝓽𝓵𝓮", "math script"),
  str("\uFFFE\uFFFF", "non-characters"),
  str("\u{10FFFF}", "last code point"),
  str("ﷺ", "wide ligature"),
];

export const SQL_PAYLOADS = [
  str("' OR 1=1 --"),
  str("'; DROP TABLE users; --"),
  str("1; SELECT pg_sleep(1)"),
  str("$$; DELETE FROM cycles; $$"),
  str(`${UNKNOWN_UUID}' OR '1'='1`),
  str("\\'; TRUNCATE key_results; --"),
];

export const HTML_PAYLOADS = [
  str("<script>alert(1)</script>"),
  str("<img src=x onerror=alert(1)>"),
  str('"><svg onload=alert(1)>'),
  str("javascript:alert(1)"),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose.
  str("{{7*7}}${7*7}<%= 7*7 %>"),
];

/** Text a number field must refuse. */
export const NON_NUMERIC_STRINGS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "+Infinity",
  "1e309",
  "-1e309",
  "0x10",
  "0b1",
  "1,5",
  "1_000",
  "12abc",
  "١٢",
  "∞",
  "+-1",
  "1e",
  ".",
  "--1",
  "1 2",
].map((s) => str(s));

/** Numbers (and number-like values) that are never finite or never numbers. */
export const NON_FINITE = [
  bad("NaN (number)", Number.NaN),
  bad("Infinity (number)", Number.POSITIVE_INFINITY),
  bad("-Infinity (number)", Number.NEGATIVE_INFINITY),
  bad("1e309 (parses to Infinity)", Number("1e309")),
];

/** Wrong JSON types (a form can only send text, so these are for the API). */
export const WRONG_TYPES = [
  bad("true", true),
  bad("false", false),
  bad("[]", []),
  bad("[1]", [1]),
  bad("{}", {}),
  bad('{"$gt":""}', { $gt: "" }),
  bad('{"__proto__":{"admin":true}}', JSON.parse('{"__proto__":{"admin":true}}')),
];

export const MALFORMED_UUIDS = [
  "not-a-uuid",
  "00000000-0000-4000-8000-00000000000g",
  "00000000000040008000000000000000",
  "{00000000-0000-4000-8000-000000000000}",
  `${UNKNOWN_UUID}0`,
  UNKNOWN_UUID.slice(1),
  "../../etc/passwd",
  " ",
  "null",
  "undefined",
].map((s) => str(s));

export const BAD_DATES = [
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "2026-1-1",
  "26-01-01",
  "2026/01/01",
  "01.01.2026",
  "2026-01-01T00:00:00Z",
  "+002026-01-01",
  "0000-00-00",
  "2026-W01-1",
  "today",
].map((s) => str(s));

export const BAD_EMAILS = [
  "not-an-email",
  "a@",
  "@example.com",
  "a b@example.com",
  "a@@example.com",
  "<script>@example.com",
  `${"x".repeat(250)}@example.com`,
  "ada@example.com\u0000",
].map((s) => str(s));

export const BAD_TIME_ZONES = [
  "Mars/Olympus_Mons",
  "+02:00",
  "UTC+1",
  "GMT+25",
  "../../etc/passwd",
  "Europe/Berlin\u0000",
  "Europe/ Berlin",
  "x".repeat(200),
].map((s) => str(s));

export const BAD_URLS = [
  "not a url",
  "ftp://example.com/",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "https://user:pass@example.com/",
  "//example.com",
  `https://example.com/${"a".repeat(2100)}`,
  "data:text/html,<script>alert(1)</script>",
].map((s) => str(s));

// ---------------------------------------------------------------------------------------------
// Field kinds: which values each kind of field must refuse

export type FieldKind =
  | { kind: "uuid"; nullable?: boolean; wrongIds?: string[] }
  | { kind: "text"; max: number; min?: number }
  | { kind: "number"; min?: number; max?: number; int?: boolean; exclusiveMin?: boolean }
  | { kind: "date" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "email" }
  | { kind: "timeZone" }
  | { kind: "flag" }
  | { kind: "uuidList"; max: number }
  | { kind: "checkpoints" }
  | { kind: "url" }
  | { kind: "emailList"; max: number }
  /** Explicit bad values (e.g. a CSV file, a token). */
  | { kind: "custom"; values: Bad[] };

export type FieldSpec = FieldKind & {
  /** Required: leaving it out is a fault. */
  required?: boolean;
  /** The error's field name when it differs from the field's own (e.g. a form's). */
  errorKey?: string;
};

/** How values travel: JSON keeps types; a form sends only text. */
export type Transport = "json" | "form";

const nonStrings = (transport: Transport) => (transport === "json" ? [...WRONG_TYPES, bad("42", 42)] : []);
/** Wrong JSON types for a number (42 is a number) or a flag (booleans are flags). */
const nonNumbers = (transport: Transport) => (transport === "json" ? WRONG_TYPES : []);
const nonFlags = (transport: Transport) =>
  transport === "json" ? [...WRONG_TYPES.filter((b) => typeof b.value !== "boolean"), bad("42", 42)] : [];
const tooLong = (max: number) => [
  bad(`${max + 1} chars`, "x".repeat(max + 1)),
  bad(`${max + 1} emoji`, "😀".repeat(max + 1)),
  bad("1 MiB string", MIB),
];

/** Values `spec` must refuse, as a list of labelled values (1 MiB strings as the marker MIB). */
export function badValues(spec: FieldSpec, transport: Transport): Bad[] {
  const json = transport === "json";
  const out: Bad[] = [];
  if (spec.required) out.push(MISSING);
  // A form field sent as a file upload instead of text counts as not sent.
  if (spec.required && !json) out.push(bad("a file instead of text", FILE));
  // A form's text is a USVString: the browser (and FormData) turn a lone surrogate into U+FFFD, so
  // only JSON can carry one; NUL travels both ways.
  const unstorable = json ? UNSTORABLE : UNSTORABLE.filter((u) => u.label.startsWith("NUL"));
  const alwaysBad = [...unstorable, ...nonStrings(transport)];
  switch (spec.kind) {
    case "uuid": {
      out.push(
        ...MALFORMED_UUIDS,
        ...SQL_PAYLOADS,
        ...HTML_PAYLOADS,
        ...ODD_UNICODE.slice(0, 4),
        ...alwaysBad,
      );
      out.push(bad("1 MiB string", MIB));
      if (!spec.nullable && json) out.push(bad("null", null));
      if (json) out.push(bad("uuid as number", 1234), bad("uuid in an array", [UNKNOWN_UUID]));
      for (const id of spec.wrongIds ?? []) out.push(str(id, `wrong-type id ${id.slice(0, 8)}`));
      out.push(str(UNKNOWN_UUID, "unknown uuid"));
      break;
    }
    case "text": {
      out.push(...tooLong(spec.max), ...unstorable, ...nonStrings(transport));
      if ((spec.min ?? 0) > 0) out.push(str(""), str("   \t\n "), str("\uFEFF", "BOM only"));
      if (json && spec.required) out.push(bad("null", null));
      break;
    }
    case "number": {
      out.push(...NON_NUMERIC_STRINGS, ...SQL_PAYLOADS.slice(0, 2), ...HTML_PAYLOADS.slice(0, 1));
      out.push(...unstorable, ...nonNumbers(transport));
      out.push(bad("1 MiB string", MIB), ...ODD_UNICODE.slice(0, 3));
      if (json) out.push(...NON_FINITE, bad("null", null));
      else out.push(str("   "));
      const { min, max } = spec;
      if (min !== undefined) {
        out.push(bad(`${min - 1}`, json ? min - 1 : String(min - 1)));
        if (spec.exclusiveMin) out.push(bad(`${min}`, json ? min : String(min)));
        out.push(bad("-1e300", json ? -1e300 : "-1e300"));
      }
      if (max !== undefined) {
        out.push(bad(`${max + 1}`, json ? max + 1 : String(max + 1)));
        out.push(bad("1e300", json ? 1e300 : "1e300"));
        out.push(bad("Number.MAX_VALUE", json ? Number.MAX_VALUE : String(Number.MAX_VALUE)));
      }
      if (spec.int && min !== undefined) out.push(bad(`${min}.5`, json ? min + 0.5 : `${min}.5`));
      if (spec.int && max === undefined) {
        // Whole numbers beyond a 32-bit integer column.
        out.push(
          bad("2147483648", json ? 2_147_483_648 : "2147483648"),
          bad("1e300 (int)", json ? 1e300 : "1e300"),
        );
      }
      break;
    }
    case "date":
      out.push(...BAD_DATES, ...SQL_PAYLOADS.slice(0, 2), ...alwaysBad, bad("1 MiB string", MIB));
      if (json) out.push(bad("date as number", 20_260_101), bad("null", null));
      break;
    case "enum":
      out.push(
        ...spec.values.slice(0, 2).map((v) => str(v.toLowerCase() === v ? v.toUpperCase() : v.toLowerCase())),
        ...spec.values.slice(0, 1).map((v) => str(` ${v}x`)),
        str("GALAXY"),
        str(""),
        ...SQL_PAYLOADS.slice(0, 2),
        ...HTML_PAYLOADS.slice(0, 1),
        ...alwaysBad,
        bad("1 MiB string", MIB),
      );
      if (json) out.push(bad("null", null));
      break;
    case "email":
      out.push(...BAD_EMAILS, ...SQL_PAYLOADS.slice(0, 2), ...HTML_PAYLOADS.slice(0, 2), ...alwaysBad);
      out.push(bad("1 MiB string", MIB), str(""));
      break;
    case "timeZone":
      out.push(...BAD_TIME_ZONES, ...SQL_PAYLOADS.slice(0, 2), ...alwaysBad, bad("1 MiB string", MIB));
      break;
    case "flag":
      out.push(
        str("maybe"),
        str("yes"),
        str("2"),
        str("TRUE "),
        ...UNSTORABLE.slice(0, 2),
        ...nonFlags(transport),
      );
      break;
    case "uuidList":
      if (json) {
        out.push(bad('"not-a-list"', "not-a-list"), bad("[1,2]", [1, 2]), bad("[null]", [null]));
        out.push(bad('[{"id":…}]', [{ id: UNKNOWN_UUID }]));
        out.push(
          bad(
            `${spec.max + 1} ids`,
            Array.from({ length: spec.max + 1 }, () => UNKNOWN_UUID),
          ),
        );
      }
      out.push(bad('["not-a-uuid"]', ["not-a-uuid"]), bad('["<script>"]', ["<script>"]));
      out.push(bad('["NUL\\u0000"]', ["a\u0000"]), bad("[1 MiB]", [MIB]));
      break;
    case "checkpoints":
      out.push(
        bad('"x"', "x"),
        bad("[1]", [1]),
        bad("[{}]", [{}]),
        bad("bad date", [{ date: "2026-02-30", plannedValue: 1 }]),
        bad("NaN planned", [{ date: "2026-08-01", plannedValue: "NaN" }]),
        bad("Infinity planned", [{ date: "2026-08-01", plannedValue: Number("1e309") }]),
        bad("duplicate dates", [
          { date: "2026-08-01", plannedValue: 1 },
          { date: "2026-08-01", plannedValue: 2 },
        ]),
        bad(
          "61 checkpoints",
          Array.from({ length: 61 }, (_, i) => ({
            date: `2026-${String(7 + Math.floor(i / 28)).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
            plannedValue: i,
          })),
        ),
        bad("null", null),
      );
      break;
    case "url":
      out.push(...BAD_URLS, ...SQL_PAYLOADS.slice(0, 2), ...alwaysBad, bad("1 MiB string", MIB), str(""));
      break;
    case "custom":
      out.push(...spec.values);
      break;
    case "emailList":
      out.push(...BAD_EMAILS.slice(0, 4).map((b) => bad(`[${b.label}]`, [b.value])));
      out.push(
        bad(
          `${spec.max + 1} addresses`,
          Array.from({ length: spec.max + 1 }, (_, i) => `p${i}@x.io`),
        ),
      );
      break;
  }
  // A form's optional id or number left blank means "not given" (optionalField / nullableId).
  if (!json && !spec.required && (spec.kind === "uuid" || spec.kind === "number")) {
    return out.filter((b) => typeof b.value !== "string" || b.value.trim() !== "");
  }
  return out;
}

/** Materialises the 1 MiB marker (kept out of printed counterexamples). */
export function materialise(value: unknown): unknown {
  if (value === MIB) return hugeString();
  if (value === FILE) return new File(["<script>alert(1)</script>"], "evil.html", { type: "text/html" });
  if (Array.isArray(value)) return value.map(materialise);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Noise: hostile but valid extras that must not change the outcome of a faulty request

/** Valid odd strings, used to replace free-text fields around the fault. */
export const VALID_ODD_TEXT = [...ODD_UNICODE, ...SQL_PAYLOADS, ...HTML_PAYLOADS];

/** Unknown keys a client might add (all must be ignored, none may let the request through). */
export const EXTRA_KEYS: Bad[] = [
  bad("+isAdmin", { isAdmin: true }),
  bad("+role admin", { role: "admin" }),
  bad("+id", { id: UNKNOWN_UUID }),
  bad("+createdAt", { createdAt: "1970-01-01T00:00:00Z" }),
  bad("+actor", { actor: { id: UNKNOWN_UUID, role: "admin" } }),
  bad("+constructor", { constructor: { prototype: { admin: true } } }),
  bad("+__proto__", JSON.parse('{"__proto__":{"role":"admin"}}')),
  bad("+deep", { deep: JSON.parse(`${"[".repeat(500)}${"]".repeat(500)}`) }),
];

export type Fault = { field: string; bad: Bad; extra: Bad | null; oddText: Bad | null };

/**
 * One fault in one field of `fields`, with optional noise: an unknown key, and an odd but valid
 * string in a free-text field that is not the faulty one.
 */
export function faultArbitrary(fields: Record<string, FieldSpec>, transport: Transport): fc.Arbitrary<Fault> {
  const perField = Object.entries(fields).map(([name, spec]) => {
    const values = badValues(spec, transport);
    if (values.length === 0) throw new Error(`no bad values for ${name}`);
    return fc.constantFrom(...values).map((b) => ({ field: name, bad: b }));
  });
  return fc
    .record({
      fault: fc.oneof(...perField),
      extra: fc.option(fc.constantFrom(...EXTRA_KEYS), { freq: 2 }),
      oddText: fc.option(fc.constantFrom(...VALID_ODD_TEXT), { freq: 2 }),
    })
    .map(({ fault, extra, oddText }) => ({ ...fault, extra, oddText }));
}

/** Values every fixed corpus keeps, whatever its size: the ones that found bugs or are cheap to miss. */
const ALWAYS =
  /^(<missing>|NUL|lone|reversed surrogates|1 MiB|~1 MiB|a file|wrong-type id|unknown uuid|2147483648)/;

/**
 * The fixed corpus of a target: for every field, its values matching ALWAYS plus bad values spread
 * evenly over the rest of its list, up to `perField` in all (at least the ALWAYS ones). The
 * generated cases (`faultArbitrary`) draw from every value.
 */
export function allFaults(fields: Record<string, FieldSpec>, transport: Transport, perField = 12): Fault[] {
  return Object.entries(fields).flatMap(([name, spec]) => {
    const values = badValues(spec, transport);
    const picked = new Set<Bad>(values.filter((b) => ALWAYS.test(b.label)));
    const rest = values.filter((b) => !picked.has(b));
    const room = Math.max(0, perField - picked.size);
    const step = Math.max(1, rest.length / Math.max(1, room));
    for (let i = 0; i < rest.length && room > 0 && picked.size < perField; i += step)
      picked.add(rest[Math.floor(i)]!);
    return [...picked].map((b) => ({ field: name, bad: b, extra: null, oddText: null }));
  });
}

/**
 * Builds the input: `base` with the fault applied (and noise), or undefined for a missing field.
 * `freeText` names the fields where odd valid text may go.
 */
export function applyFault(
  base: Record<string, unknown>,
  fault: Fault,
  freeText: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const target = freeText.find((f) => f !== fault.field && f in base);
  if (fault.oddText && target) out[target] = fault.oddText.value;
  if (fault.extra) Object.assign(out, fault.extra.value);
  if (fault.bad === MISSING) delete out[fault.field];
  else out[fault.field] = materialise(fault.bad.value);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Requests: transport-level faults of the JSON API

export type TransportFault = {
  label: string;
  /** Replaces the headers (except the session cookie, kept unless `noSession`). */
  headers?: Record<string, string>;
  /** Raw body (string) or a FormData/URLSearchParams body. */
  body?: string | FormData | URLSearchParams | Blob;
  noSession?: boolean;
  /** The status the API must answer. */
  status: number;
  /** The field the error must name. */
  field?: string;
};

/** Content types, bodies, origins and credentials a JSON write endpoint must refuse. */
export function transportFaults(validBody: Record<string, unknown>): TransportFault[] {
  const json = JSON.stringify(validBody);
  const multipart = new FormData();
  for (const [k, v] of Object.entries(validBody)) multipart.set(k, String(v));
  const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
  return [
    {
      label: "text/plain",
      headers: { "content-type": "text/plain" },
      body: json,
      status: 400,
      field: "_body",
    },
    {
      label: "form-encoded",
      headers: {},
      body: new URLSearchParams(Object.entries(validBody).map(([k, v]) => [k, String(v)])),
      status: 400,
      field: "_body",
    },
    { label: "multipart", headers: {}, body: multipart, status: 400, field: "_body" },
    { label: "no content type", headers: {}, body: new Blob([json]), status: 400, field: "_body" },
    {
      label: "application/jsonx",
      headers: { "content-type": "application/jsonx" },
      body: json,
      status: 400,
      field: "_body",
    },
    { label: "text/json", headers: { "content-type": "text/json" }, body: json, status: 400, field: "_body" },
    ...[
      "{",
      "{'a':1}",
      '{"value": NaN}',
      '{"value": Infinity}',
      "NaN",
      `${json}{`,
      '{"a":1,}',
      "\u0000",
      "undefined",
    ].map((raw) => ({
      label: `invalid JSON ${JSON.stringify(raw).slice(0, 30)}`,
      body: raw,
      status: 400,
      field: "_body",
    })),
    ...["[]", "null", "1", '"text"', "true", `[${json}]`].map((raw) => ({
      label: `JSON ${raw.slice(0, 20)} (not an object)`,
      body: raw,
      status: 400,
      field: "_body",
    })),
    { label: "deeply nested JSON", body: deep, status: 400, field: "_body" },
    {
      label: "body over 1 MiB",
      body: JSON.stringify({ ...validBody, pad: "x".repeat(MIB) }),
      status: 400,
      field: "_body",
    },
    {
      label: "Content-Length of 10 MiB",
      headers: { "content-type": "application/json", "content-length": String(10 * MIB) },
      body: json,
      status: 400,
      field: "_body",
    },
    {
      label: "4 MiB body (read no further than 3 MiB)",
      body: `{"pad":"${"x".repeat(4 * MIB)}"}`,
      status: 400,
      field: "_body",
    },
    {
      label: "cross-site Origin",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: json,
      status: 403,
    },
    {
      label: "Sec-Fetch-Site cross-site",
      headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: json,
      status: 403,
    },
    {
      label: "Sec-Fetch-Site same-site",
      headers: {
        "content-type": "application/json",
        "sec-fetch-site": "same-site",
        origin: "http://a.cairn.test",
      },
      body: json,
      status: 403,
    },
    {
      label: "Origin null",
      headers: { "content-type": "application/json", origin: "null" },
      body: json,
      status: 403,
    },
    {
      label: "look-alike Origin",
      headers: { "content-type": "application/json", origin: "http://cairn.test.evil.example" },
      body: json,
      status: 403,
    },
    { label: "no session", noSession: true, body: json, status: 401 },
    {
      label: "forged session cookie",
      noSession: true,
      headers: { "content-type": "application/json", cookie: "cairn.session_token=forged.c2lnbmF0dXJl" },
      body: json,
      status: 401,
    },
    ...bearerFaults().map((b) => ({ ...b, noSession: true, body: json })),
  ];
}

/** Bearer headers that must be refused (401) whatever the endpoint. */
export function bearerFaults(): { label: string; headers: Record<string, string>; status: number }[] {
  const ct = { "content-type": "application/json" };
  return [
    { label: "Bearer (empty)", headers: { ...ct, authorization: "Bearer " }, status: 401 },
    { label: "Bearer garbage", headers: { ...ct, authorization: "Bearer x' OR 1=1" }, status: 401 },
    {
      label: "Bearer unknown token",
      headers: { ...ct, authorization: `Bearer cairn_${"A".repeat(43)}` },
      status: 401,
    },
    { label: "Bearer too short", headers: { ...ct, authorization: "Bearer cairn_abc" }, status: 401 },
    { label: "Bearer two tokens", headers: { ...ct, authorization: "Bearer a b" }, status: 401 },
    { label: "Bearer 8 KiB", headers: { ...ct, authorization: `Bearer ${"x".repeat(8192)}` }, status: 401 },
  ];
}
