import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { RISK_CHANGED, type RiskChangedDetail } from '../../domain/score-record';
import type { RiskEventSink } from '../../ports';

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES = 10;

export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
}

export interface RiskEventPublisherOptions {
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Publishes tenant.risk.changed events. PutEvents can fail per entry (FailedEntryCount) while
 * the call succeeds: failed entries are resent with backoff, and whatever still fails is an
 * error, never a silent drop.
 */
export class RiskEventPublisher implements RiskEventSink {
  readonly #client: EventBridgeClient;
  readonly #busName: string;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(client: EventBridgeClient, busName: string, options: RiskEventPublisherOptions = {}) {
    this.#client = client;
    this.#busName = busName;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(details: readonly RiskChangedDetail[]): Promise<void> {
    for (let start = 0; start < details.length; start += MAX_ENTRIES) {
      let entries: PutEventsRequestEntry[] = details.slice(start, start + MAX_ENTRIES).map((detail) => ({
        EventBusName: this.#busName,
        Source: RISK_CHANGED.source,
        DetailType: RISK_CHANGED.detailType,
        Detail: JSON.stringify(detail),
      }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const out = await this.#client.send(new PutEventsCommand({ Entries: entries }));
        if (!out.FailedEntryCount) break;
        // Results are positional: entry i failed when Entries[i] has an ErrorCode.
        entries = entries.filter((_, index) => out.Entries?.[index]?.ErrorCode !== undefined);
        if (attempt >= this.#maxAttempts) {
          throw new EventPublishError(
            `${entries.length} tenant.risk.changed events failed after ${attempt} attempts`,
          );
        }
        await this.#sleep(Math.random() * 100 * 2 ** attempt);
      }
    }
  }
}
