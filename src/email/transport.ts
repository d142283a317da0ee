/**
 * Mail transports: how an outbox row leaves Cairn. One small interface, two implementations —
 * SMTP (nodemailer, pooled) and Resend's HTTP API — and the choice made from the environment.
 * With neither configured there is no transport: the outbox at /admin/outbox is the destination.
 *
 * Every message carries the outbox row's stable Message-ID, so a message sent twice (a crash
 * between sending and recording it) is recognisable as the same message by every mail system.
 */
import nodemailer from "nodemailer";
import type { Env } from "@/env";

export type OutgoingMail = {
  /** The row's Message-ID, with angle brackets: `<uuid@host>`. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

export type SendResult = {
  /** The Message-ID the message went out with. */
  messageId: string;
  /** What the server answered, e.g. "250 2.0.0 Ok: queued as 4Xz…" (kept in last_response). */
  response: string;
};

export type MailTransport = {
  /** "smtp" or "resend", for logs and the admin page. */
  readonly kind: TransportKind;
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Closes pooled connections. */
  close(): void;
};

export type TransportKind = "smtp" | "resend";

/**
 * A failed send. `unreachable`: the service could not be reached or refused service as a whole
 * (connection refused, timeout, 421, bad credentials, HTTP 5xx/429) — the message itself is not at
 * fault, so it waits and never goes DEAD for it. `rejected`: the service answered this message
 * with an error (4xx/5xx reply to the envelope or data) — it counts towards DEAD.
 */
export class TransportError extends Error {
  readonly kind: "unreachable" | "rejected";
  readonly responseCode: number | undefined;
  constructor(message: string, kind: "unreachable" | "rejected", responseCode?: number) {
    super(message);
    this.name = "TransportError";
    this.kind = kind;
    this.responseCode = responseCode;
  }
}

/** Header values never carry line breaks (no header injection, whatever a subject holds). */
export function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, " ").trim();
}

function sanitize(mail: OutgoingMail): OutgoingMail {
  return {
    ...mail,
    messageId: headerValue(mail.messageId),
    from: headerValue(mail.from),
    to: headerValue(mail.to),
    subject: headerValue(mail.subject),
  };
}

/** nodemailer error codes that mean "the server as a whole is not available". */
const UNREACHABLE_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EAUTH",
  "EPROTOCOL",
  "ECONFIG",
  "ENOAUTH",
]);

function smtpFailure(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const err = e as { message?: unknown; code?: unknown; responseCode?: unknown; response?: unknown };
  const code = typeof err.code === "string" ? err.code : undefined;
  const responseCode = typeof err.responseCode === "number" ? err.responseCode : undefined;
  const text = typeof err.response === "string" ? err.response : String(err.message ?? e);
  const message = headerValue(`${code ? `${code}: ` : ""}${text}`).slice(0, 1000);
  const unreachable = (code !== undefined && UNREACHABLE_CODES.has(code)) || responseCode === 421;
  return new TransportError(message, unreachable ? "unreachable" : "rejected", responseCode);
}

export type SmtpTransportOptions = {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** Parallel connections of the pool (default 2). */
  maxConnections?: number;
};

/** SMTP through a nodemailer pool. Timeouts are short so a dead server cannot hold a claim long. */
export function smtpTransport(options: SmtpTransportOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 2,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: "smtp",
    async send(input) {
      const mail = sanitize(input);
      try {
        const info = (await transporter.sendMail({
          messageId: mail.messageId,
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          disableFileAccess: true,
          disableUrlAccess: true,
        })) as { messageId?: string; response?: string };
        return { messageId: info.messageId ?? mail.messageId, response: info.response ?? "" };
      } catch (e) {
        throw smtpFailure(e);
      }
    },
    close() {
      transporter.close();
    },
  };
}

export type ResendTransportOptions = {
  apiKey: string;
  /** Default https://api.resend.com */
  baseUrl?: string;
};

/**
 * Resend's HTTP API (https://resend.com/docs/api-reference/emails/send-email). The Message-ID is
 * also the idempotency key, so Resend itself drops a repeated send of the same row.
 */
export function resendTransport(options: ResendTransportOptions): MailTransport {
  const base = (options.baseUrl ?? "https://api.resend.com").replace(/\/+$/, "");
  return {
    kind: "resend",
    async send(input) {
      const mail = sanitize(input);
      let res: Response;
      try {
        res = await fetch(`${base}/emails`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": mail.messageId.slice(0, 256),
          },
          body: JSON.stringify({
            from: mail.from,
            to: [mail.to],
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: { "Message-ID": mail.messageId },
          }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        throw new TransportError(`Resend: ${e instanceof Error ? e.message : String(e)}`, "unreachable");
      }
      const body = (await res.text()).slice(0, 1000);
      if (!res.ok) {
        const unreachable =
          res.status >= 500 || res.status === 429 || res.status === 401 || res.status === 403;
        throw new TransportError(
          headerValue(`Resend HTTP ${res.status}: ${body}`),
          unreachable ? "unreachable" : "rejected",
          res.status,
        );
      }
      return { messageId: mail.messageId, response: headerValue(`HTTP ${res.status} ${body}`) };
    },
    close() {},
  };
}

export type DeliveryMode =
  | { mode: "smtp"; description: string }
  | { mode: "resend"; description: string }
  | { mode: "outbox"; description: string };

/** Which way mail leaves this Cairn, from the environment (SMTP wins over Resend). */
export function deliveryMode(e: Pick<Env, "SMTP_URL" | "RESEND_API_KEY">): DeliveryMode {
  if (e.SMTP_URL) {
    let where = "the configured server";
    try {
      const u = new URL(e.SMTP_URL);
      where = `${u.hostname}:${u.port || (u.protocol === "smtps:" ? "465" : "587")}`;
    } catch {
      // The env schema already checked the scheme; keep the generic wording.
    }
    return { mode: "smtp", description: `Emails are delivered by SMTP through ${where}.` };
  }
  if (e.RESEND_API_KEY) return { mode: "resend", description: "Emails are delivered through Resend." };
  return {
    mode: "outbox",
    description: "No mail server is configured (SMTP_URL), so emails are not sent: they wait here.",
  };
}

/** The transport for this environment, or null when mail stays in the outbox. */
export function transportFromEnv(e: Pick<Env, "SMTP_URL" | "RESEND_API_KEY">): MailTransport | null {
  if (e.SMTP_URL) return smtpTransport({ url: e.SMTP_URL });
  if (e.RESEND_API_KEY) return resendTransport({ apiKey: e.RESEND_API_KEY });
  return null;
}
