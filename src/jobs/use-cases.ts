/** The real use cases behind the jobs (tests may pass their own to the runner). */
import { closeDueCycles } from "@/server/close-due-cycles";
import { deliverOutbox } from "@/server/deliver-outbox";
import { deliverWebhooks } from "@/server/deliver-webhooks";
import { recordWebhookEvents } from "@/server/record-webhook-event";
import { reevaluate } from "@/server/reevaluate";
import { sendOffTrackAlerts } from "@/server/send-off-track-alerts";
import { sendWeeklyReminders } from "@/server/send-weekly-reminders";
import { findEndedCycles } from "./find-ended-cycles";
import type { JobUseCases } from "./handlers";

export const USE_CASES: JobUseCases = {
  sendWeeklyReminders,
  reevaluate,
  sendOffTrackAlerts,
  findEndedCycles,
  closeDueCycles,
  deliverOutbox,
  deliverWebhooks,
  recordWebhookEvents,
};
