/**
 * `kickDelivery()`: ask the job engine of this process to deliver the outbox now, instead of at the
 * next minute's run. Call it after enqueueing an email (after the transaction commits). Bursts
 * coalesce: the job carries a singleton key on a `stately` queue, so however many kicks arrive while
 * one delivery is queued, one more run happens. Never throws; without a running engine in this
 * process (CLI scripts, tests) it does nothing and resolves false — the every-minute schedule of
 * whichever process runs the workers picks the email up.
 *
 * This module does not import pg-boss: Next's server bundles can import it freely. The engine
 * registers itself on globalThis (Next's bundles and the start script are separate module graphs).
 */
const KEY = Symbol.for("cairn.jobs");

export type JobEngineHandle = {
  kickDelivery(): Promise<boolean>;
  /** Optional so that older handles (tests) still fit. */
  kickWebhookDelivery?(): Promise<boolean>;
};

type Holder = { [KEY]?: JobEngineHandle };

export function registerJobEngine(engine: JobEngineHandle | undefined): void {
  const holder = globalThis as Holder;
  if (engine) holder[KEY] = engine;
  else delete holder[KEY];
}

export function currentJobEngine(): JobEngineHandle | undefined {
  return (globalThis as Holder)[KEY];
}

export async function kickDelivery(): Promise<boolean> {
  const engine = currentJobEngine();
  if (!engine) return false;
  try {
    return await engine.kickDelivery();
  } catch (e) {
    console.error(`[jobs] outbox.deliver: kick failed (the next scheduled run will deliver): ${String(e)}`);
    return false;
  }
}

/**
 * `kickWebhookDelivery()`: the same for webhook deliveries (the `webhooks.deliver` queue, `stately`,
 * so bursts coalesce). Call it after the transaction that recorded events commits. Never throws.
 */
export async function kickWebhookDelivery(): Promise<boolean> {
  const engine = currentJobEngine();
  if (!engine?.kickWebhookDelivery) return false;
  try {
    return await engine.kickWebhookDelivery();
  } catch (e) {
    console.error(`[jobs] webhooks.deliver: kick failed (the next scheduled run will deliver): ${String(e)}`);
    return false;
  }
}
