/**
 * A real SMTP server in the test process (smtp-server), with every accepted message parsed by
 * mailparser. Never a mock: Cairn's transport talks SMTP to it over TCP.
 *
 *   const smtp = await startSmtpSink();          // listens on 127.0.0.1, port 0 → smtp.port
 *   // ... deliver with SMTP_URL = smtp.url ...
 *   await smtp.waitFor(2);                       // resolves with the first 2 messages (or throws)
 *   smtp.messages[0].messageId, .text, .html, .to, .subject, .headers
 *   smtp.setMode("tempfail");                    // answer 451 to every message (4xx, retryable)
 *   smtp.setMode("reject");                      // answer 550 (5xx)
 *   smtp.setMode("refuse");                      // 421 on connect (and on MAIL FROM of open connections)
 *   smtp.failNext(2);                            // the next 2 messages get 451, then accept again
 *   await smtp.stop();                           // nothing listens: connections are refused (ECONNREFUSED)
 *   await smtp.start();                          // listens again on the same port
 *   await smtp.close();                          // in afterAll
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SmtpMode = "accept" | "tempfail" | "reject" | "refuse";

export type ReceivedMail = {
  /** The Message-ID header as sent, with angle brackets, e.g. "<uuid@host>". */
  messageId: string | undefined;
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  envelopeFrom: string | undefined;
  envelopeTo: string[];
  /** Header From, as text. */
  from: string | undefined;
  /** Header To addresses. */
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  /** The HTML part, or undefined when the message had none. */
  html: string | undefined;
  /** All headers, lower-case names (mailparser's map). */
  headers: ParsedMail["headers"];
  /** The raw message as received. */
  raw: string;
  parsed: ParsedMail;
};

export type SmtpSink = {
  readonly host: string;
  /** The port, fixed at first start (port 0 picks a free one) and kept across stop()/start(). */
  readonly port: number;
  /** smtp://127.0.0.1:<port> (with user:pass when the sink requires auth). */
  readonly url: string;
  /** Messages accepted so far, in arrival order. */
  readonly messages: ReceivedMail[];
  /** How many message transactions were answered with an error (tempfail/reject/refuse/failNext). */
  readonly refused: number;
  readonly running: boolean;
  setMode(mode: SmtpMode): void;
  /** Answer the next `count` messages with `code` (default 451), then go back to the current mode. */
  failNext(count: number, code?: number): void;
  /** Resolves with the first `count` messages once that many arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Messages with the given Message-ID (to count duplicates). */
  byMessageId(messageId: string): ReceivedMail[];
  /** Forgets received messages and the refused count. */
  clear(): void;
  /** Stops listening and drops open connections (clients then get ECONNREFUSED). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** stop(), for afterAll. */
  close(): Promise<void>;
};

export type SmtpSinkOptions = {
  port?: number;
  /** Require AUTH PLAIN/LOGIN with these credentials (the url then carries them). */
  auth?: { user: string; pass: string };
  mode?: SmtpMode;
};

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = "127.0.0.1";
  let port = options.port ?? 0;
  let mode: SmtpMode = options.mode ?? "accept";
  let failures: { count: number; code: number } = { count: 0, code: 451 };
  let server: SMTPServer | undefined;
  let refused = 0;
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };

  /** The error to answer a message transaction with, if any. */
  function failure(): Error | undefined {
    if (failures.count > 0) {
      failures.count -= 1;
      return smtpError(failures.code, "Try again later (test sink)");
    }
    if (mode === "tempfail") return smtpError(451, "Try again later (test sink)");
    if (mode === "reject") return smtpError(550, "Rejected (test sink)");
    return undefined;
  }

  function createServer(): SMTPServer {
    return new SMTPServer({
      secure: false,
      disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      logger: false,
      // Drop open (pooled) connections at once on stop().
      closeTimeout: 1,
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
          callback(null, { user: auth.username });
        } else {
          callback(smtpError(535, "Authentication failed"));
        }
      },
      onConnect(_session, callback) {
        if (mode === "refuse") {
          refused += 1;
          callback(smtpError(421, "Service not available (test sink)"));
          return;
        }
        callback();
      },
      onMailFrom(_address, _session, callback) {
        // Already-open (pooled) connections are refused too, per message.
        if (mode === "refuse") {
          refused += 1;
          callback(smtpError(421, "Service not available (test sink)"));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", (e) => callback(e));
        stream.on("end", () => {
          const err = failure();
          if (err) {
            refused += 1;
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw)
            .then((parsed) => {
              const toValue = parsed.to;
              const toList = (Array.isArray(toValue) ? toValue : toValue ? [toValue] : []).flatMap((a) =>
                a.value.map((v) => v.address ?? ""),
              );
              messages.push({
                messageId: parsed.messageId,
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                from: parsed.from?.text,
                to: toList,
                subject: parsed.subject,
                text: parsed.text,
                html: typeof parsed.html === "string" ? parsed.html : undefined,
                headers: parsed.headers,
                raw,
                parsed,
              });
              notify();
              callback(null, `Queued as test-${messages.length}`);
            })
            .catch((e: Error) => callback(e));
        });
      },
    });
  }

  async function start(): Promise<void> {
    if (server) return;
    const s = createServer();
    s.on("error", () => {
      // Connection-level errors (client hung up) are expected in failure tests.
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      s.server.once("error", onError);
      s.listen(port, host, () => {
        s.server.off("error", onError);
        resolve();
      });
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  }

  async function stop(): Promise<void> {
    const s = server;
    if (!s) return;
    server = undefined;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();

  const sink: SmtpSink = {
    host,
    get port() {
      return port;
    },
    get url() {
      const auth = options.auth
        ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
        : "";
      return `smtp://${auth}${host}:${port}`;
    },
    messages,
    get refused() {
      return refused;
    },
    get running() {
      return server !== undefined;
    },
    setMode(m) {
      mode = m;
    },
    failNext(count, code = 451) {
      failures = { count, code };
    },
    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice(0, count));
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(messages.slice(0, count));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: expected ${count} messages, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    byMessageId(messageId) {
      return messages.filter((m) => m.messageId === messageId);
    },
    clear() {
      messages.length = 0;
      refused = 0;
    },
    stop,
    start,
    close: stop,
  };
  return sink;
}
