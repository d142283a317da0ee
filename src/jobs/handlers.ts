/**
 * One handler per job: check the payload with zod, call the use case(s) with `now`, and return the
 * one line the runner logs. The use cases are passed in (./use-cases.ts has the real ones), so tests
 * can run the engine with the real delivery and their own fixtures.
 */
import type { Db } from "@/db/client";
import type { KrStatus } from "@/domain";
import type { MailTransport } from "@/email/transport";
import type { DeliverOutboxInput, DeliverOutboxResult } from "@/server/deliver-outbox";
import type { DeliverWebhooksInput, DeliverWebhooksResult } from "@/server/deliver-webhooks";
import { invalidateSharedDashboards } from "@/server/get-shared-dashboard";
import type { WebhookEventInput } from "@/server/record-webhook-event";
import type { ReevaluateResult, StatusTransition } from "@/server/reevaluate";
import type { EndedCycle } from "./find-ended-cycles";
import { kickWebhookDelivery } from "./kick";
import { type JobName, jobPayload } from "./queues";

export type JobUseCases = {
  sendWeeklyReminders(db: Db, input: { now: Date }): Promise<{ sent: number; skipped: number }>;
  reevaluate(db: Db, input: { now: Date }): Promise<ReevaluateResult>;
  sendOffTrackAlerts(
    db: Db,
    input: { now: Date; transitions: StatusTransition<KrStatus>[] },
  ): Promise<unknown>;
  findEndedCycles(db: Db, now: Date): Promise<EndedCycle[]>;
  closeDueCycles(db: Db, input: { now: Date }): Promise<{ closed: string[] }>;
  deliverOutbox(db: Db, input: DeliverOutboxInput): Promise<DeliverOutboxResult>;
  deliverWebhooks(db: Db, input: DeliverWebhooksInput): Promise<DeliverWebhooksResult>;
  recordWebhookEvents(
    db: Db,
    input: { events: WebhookEventInput[]; now: Date },
  ): Promise<{ recorded: number }>;
};

export type JobContext = {
  db: Db;
  /** Null: no mail service configured, so delivery leaves the outbox alone. */
  transport: MailTransport | null;
  mailFrom: string;
  maxAttempts: number;
  useCases: JobUseCases;
};

export type JobHandler = (ctx: JobContext, data: unknown, now: Date) => Promise<string>;

/** A short description of a result for the log line, e.g. `{"sent":3,"skipped":1}` → "sent 3, skipped 1". */
function summarize(result: unknown): string {
  if (result === null || typeof result !== "object") return result === undefined ? "done" : String(result);
  const parts = Object.entries(result as Record<string, unknown>)
    .filter(([, v]) => typeof v === "number" || typeof v === "boolean")
    .map(([k, v]) => `${k} ${String(v)}`);
  return parts.length ? parts.join(", ") : "done";
}

export const HANDLERS: Record<JobName, JobHandler> = {
  async "reminders.sweep"(ctx, data, now) {
    const { reason } = jobPayload.parse(data ?? {});
    const r = await ctx.useCases.sendWeeklyReminders(ctx.db, { now });
    return `(${reason}) sent ${r.sent}, skipped ${r.skipped}`;
  },

  async "status.reevaluate"(ctx, data, now) {
    const { reason } = jobPayload.parse(data ?? {});
    const r = await ctx.useCases.reevaluate(ctx.db, { now });
    if (r.keyResults.changed > 0 || r.objectives.changed > 0) invalidateSharedDashboards();
    // Every key result transition becomes a `key_result.status_changed` event (one statement).
    // The re-evaluation has committed by now; a crash between the two loses these events, and the
    // next run finds nothing left to change — acceptable for a notification, documented.
    const hooks = await ctx.useCases.recordWebhookEvents(ctx.db, {
      now,
      events: r.keyResults.transitions.map((t) => ({
        event: "key_result.status_changed" as const,
        payload: {
          keyResult: { id: t.id, objectiveId: t.objectiveId ?? null, title: t.title },
          from: t.from,
          to: t.to,
          cause: "reevaluation",
        },
      })),
    });
    if (hooks.recorded > 0) await kickWebhookDelivery();
    const alerts = await ctx.useCases.sendOffTrackAlerts(ctx.db, {
      now,
      transitions: r.keyResults.transitions,
    });
    return (
      `(${reason}) key results ${r.keyResults.total} (${r.keyResults.changed} changed), ` +
      `objectives ${r.objectives.total} (${r.objectives.changed} changed); alerts: ${summarize(alerts)}; ` +
      `webhook deliveries ${hooks.recorded}`
    );
  },

  async "cycles.watch-ends"(ctx, data, now) {
    const { reason } = jobPayload.parse(data ?? {});
    const ended = await ctx.useCases.findEndedCycles(ctx.db, now);
    const names = ended.map((c) => `${c.name} (ended ${c.endDate})`).join("; ");
    // Cycles past their end by the organisation's auto-close days are closed (grades frozen,
    // retrospective written and emailed to leadership, exactly once whichever instance runs this).
    const { closed } = await ctx.useCases.closeDueCycles(ctx.db, { now });
    if (closed.length > 0) invalidateSharedDashboards();
    return (
      `(${reason}) ${ended.length} active cycle(s) past their end${ended.length ? `: ${names}` : ""}; ` +
      `closed ${closed.length}`
    );
  },

  async "outbox.deliver"(ctx, data, now) {
    const { reason } = jobPayload.parse(data ?? {});
    if (!ctx.transport) return `(${reason}) no mail service configured; emails stay in the outbox`;
    const r = await ctx.useCases.deliverOutbox(ctx.db, {
      now,
      transport: ctx.transport,
      from: ctx.mailFrom,
      maxAttempts: ctx.maxAttempts,
    });
    if (r.claimed === 0) return `(${reason}) nothing due`;
    return `(${reason}) sent ${r.sent}, failed ${r.failed}, dead ${r.dead}, released ${r.released}${r.unreachable ? "; mail service unreachable" : ""}`;
  },

  async "webhooks.deliver"(ctx, data, now) {
    const { reason } = jobPayload.parse(data ?? {});
    const r = await ctx.useCases.deliverWebhooks(ctx.db, { now });
    if (r.claimed === 0) return `(${reason}) nothing due`;
    return `(${reason}) delivered ${r.delivered}, failed ${r.failed}, dead ${r.dead}, released ${r.released}`;
  },
};
