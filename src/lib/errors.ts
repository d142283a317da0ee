/**
 * Cairn's one error type. Use cases throw AppError with a code; the edges map codes to HTTP
 * statuses in `httpStatus` (the only place that does) and render `toJSON()`.
 */
export type ErrorCode =
  | "BAD_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNPROCESSABLE"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Field name → messages, for forms and the JSON API. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors;
  /** Extra data for the client, e.g. the current row on a version conflict. */
  readonly data: unknown;

  constructor(code: ErrorCode, message: string, options: { fields?: FieldErrors; data?: unknown } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = options.fields ?? {};
    this.data = options.data;
  }

  get httpStatus(): number {
    return httpStatus(this.code);
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        fields: this.fields,
        ...(this.data === undefined ? {} : { current: this.data }),
      },
    };
  }
}

export function httpStatus(code: ErrorCode): number {
  return STATUS[code];
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Node's socket errors and PostgreSQL's SQLSTATEs that mean "the database is out of reach right now". */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|Connection ended|terminating connection/i;

/**
 * An AppError UNAVAILABLE (503) when `e` (or an error it wraps: Drizzle puts the driver's in `cause`)
 * says the database cannot be reached: refused, reset, terminated (a restart: SQLSTATE class 08,
 * 57P01–57P03), timed out. Undefined for anything else. The API answers these 503 instead of 500, so
 * clients know to retry (a write cut off at its commit may have been saved: retry it with the same
 * Idempotency-Key).
 */
export function unavailableError(e: unknown): AppError | undefined {
  for (let err: unknown = e, depth = 0; err && typeof err === "object" && depth < 5; depth += 1) {
    const code = (err as { code?: unknown }).code;
    // Drizzle's wrapper quotes the SQL and its parameters in its message: only the driver's own counts.
    const message = "query" in err ? undefined : (err as { message?: unknown }).message;
    if (
      (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^08|^57P0[123]$/.test(code))) ||
      (typeof message === "string" && UNREACHABLE_MESSAGES.test(message))
    ) {
      return new AppError("UNAVAILABLE", "The database is not reachable right now. Try again in a moment.");
    }
    err = (err as { cause?: unknown }).cause;
  }
  return undefined;
}
