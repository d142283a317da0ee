import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/auth/session";
import { getDb } from "@/db";
import { deliveryMode } from "@/email/transport";
import { env } from "@/env";
import { listOutbox, type OutboxMessage } from "@/server/list-outbox";
import { RetryEmailForm } from "./retry-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Outbox · Cairn",
  referrer: "same-origin",
  robots: { index: false, follow: false },
};

const LIMIT = 100;

const WHEN = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/**
 * Every email Cairn has written, newest first, with how it is delivered (SMTP, Resend, or not at
 * all — then this is where an admin reads sign-in links) and a retry for DEAD ones. All content is
 * rendered as text (React escapes it); the HTML body is shown as source, never rendered.
 */
export default async function OutboxPage() {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  if (actor.role !== "admin") {
    return (
      <section className="mx-auto max-w-xl rounded-lg border border-stone-200 bg-white p-6">
        <p className="text-sm font-semibold text-rose-700">403 · Forbidden</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight text-stone-900">Admins only</h1>
        <p className="mt-2 text-[15px] leading-relaxed text-stone-700">
          The outbox holds other people’s sign-in links, so only admins can read it. Ask an admin if you are
          waiting for a link.
        </p>
      </section>
    );
  }
  const messages = await listOutbox(await getDb(), actor, { limit: LIMIT });
  const mode = deliveryMode(env());
  const dead = messages.filter((m) => m.status === "DEAD").length;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Outbox</h1>
        <p className="mt-1 text-[15px] leading-relaxed text-stone-600">
          <span className="font-semibold text-stone-900">
            Delivery:{" "}
            {mode.mode === "outbox" ? "off (outbox only)" : mode.mode === "smtp" ? "SMTP" : "Resend"}.
          </span>{" "}
          {mode.description}
        </p>
        {mode.mode === "outbox" ? (
          <p className="mt-1 text-[15px] leading-relaxed text-stone-600">
            Sign-in links work once and expire 10 minutes after they were requested; pass one only to the
            person it is addressed to. Set SMTP_URL to send emails.
          </p>
        ) : (
          <p className="mt-1 text-[15px] leading-relaxed text-stone-600">
            Every email is written here first and delivered within a minute. A failed attempt is retried after
            1, 2, 4 … minutes (at most an hour apart); if the mail server is unreachable, emails wait until it
            is back. An email the server keeps refusing is marked dead after {env().MAIL_MAX_ATTEMPTS}{" "}
            attempts; you can send it again below.
          </p>
        )}
        {dead > 0 && (
          <p className="mt-2 text-sm font-medium text-rose-800" role="status">
            {dead === 1 ? "1 email could not be delivered." : `${dead} emails could not be delivered.`}
          </p>
        )}
      </div>
      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
          No emails yet.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Emails, newest first">
          {messages.map((m) => (
            <li key={m.id}>
              <MessageCard message={m} />
            </li>
          ))}
        </ol>
      )}
      {messages.length === LIMIT && (
        <p className="text-sm text-stone-600">Showing the newest {LIMIT} emails.</p>
      )}
    </div>
  );
}

const STATUS_LABEL: Record<OutboxMessage["status"], string> = {
  PENDING: "PENDING",
  SENT: "SENT",
  FAILED: "FAILED · will retry",
  DEAD: "DEAD",
};

const STATUS_CLASS: Record<OutboxMessage["status"], string> = {
  PENDING: "bg-stone-100 text-stone-700",
  SENT: "bg-emerald-50 text-emerald-800",
  FAILED: "bg-amber-50 text-amber-900",
  DEAD: "bg-rose-50 text-rose-800",
};

function MessageCard({ message: m }: { message: OutboxMessage }) {
  return (
    <article className="rounded-lg border border-stone-200 bg-white p-4 sm:p-5">
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 className="min-w-0 break-words text-base font-semibold text-stone-900">{m.subject}</h2>
        <span className={`rounded px-2 py-0.5 text-xs font-semibold tracking-wide ${STATUS_CLASS[m.status]}`}>
          {STATUS_LABEL[m.status]}
        </span>
      </header>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-stone-600">To</dt>
        <dd className="min-w-0 break-all text-stone-900">{m.toAddress}</dd>
        <dt className="text-stone-600">Written</dt>
        <dd className="text-stone-900">
          <time dateTime={m.createdAt.toISOString()}>{WHEN.format(m.createdAt)} UTC</time>
        </dd>
        <dt className="text-stone-600">Kind</dt>
        <dd className="text-stone-900">{m.kind}</dd>
        {m.attempts > 0 && (
          <>
            <dt className="text-stone-600">Attempts</dt>
            <dd className="text-stone-900">{m.attempts}</dd>
          </>
        )}
        {m.lastError && (
          <>
            <dt className="text-stone-600">Last error</dt>
            <dd className="break-words text-rose-800">{m.lastError}</dd>
          </>
        )}
      </dl>
      <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-stone-50 p-3 font-sans text-sm leading-relaxed text-stone-900">
        {m.textBody}
      </pre>
      <details className="mt-2 text-sm">
        <summary className="font-medium text-stone-700 underline underline-offset-2">
          HTML version (source)
        </summary>
        <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md bg-stone-50 p-3 text-xs text-stone-800">
          {m.htmlBody}
        </pre>
        <p className="mt-1 text-xs text-stone-600">Message-ID: {m.messageId}</p>
      </details>
      {m.status === "DEAD" && <RetryEmailForm id={m.id} subject={m.subject} />}
    </article>
  );
}
