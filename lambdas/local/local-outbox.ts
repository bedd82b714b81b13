import type { CampaignDecision } from '../domain/plays/campaign-decision';
import type { SendOutbox } from '../ports';
import { deliverDueCampaigns } from '../use-cases/campaigns/deliver-due';
import type { SendCampaignDeps } from '../use-cases/campaigns/send-campaign';

/** setTimeout's longest delay (about 24.8 days); a later send waits for the next local night. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The send queue of `lifeline serve`: a send approved in the console goes out through the local
 * SES endpoint when its send window opens while the stack is up (the same sender as a local
 * night); one still waiting when the stack stops is sent by the next local night, which picks
 * up the queued decisions of the past week.
 */
export class LocalSendOutbox implements SendOutbox {
  readonly #deps: Omit<SendCampaignDeps, 'clock'>;
  readonly #onError: (error: unknown) => void;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(deps: Omit<SendCampaignDeps, 'clock'>, onError: (error: unknown) => void) {
    this.#deps = deps;
    this.#onError = onError;
  }

  async enqueue(decisions: readonly CampaignDecision[]): Promise<void> {
    for (const decision of decisions) {
      const wait = Date.parse(decision.sendAt ?? '') - Date.now();
      if (!(wait < MAX_TIMER_MS)) continue;
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          const now = new Date();
          deliverDueCampaigns([decision], now, now, this.#deps).catch(this.#onError);
        },
        Math.max(0, wait),
      );
      timer.unref();
      this.#timers.add(timer);
    }
  }

  /** Sends still waiting for their window stay queued in the table for the next local night. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
