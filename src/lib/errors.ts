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
  | "INTERNAL";

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
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
