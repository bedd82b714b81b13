import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { RISK_CHANGED, type RiskChangedDetail } from '../../domain/score-record';
import type { RiskEventSink } from '../../ports';

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES = 10;
/** The source of every Lifeline event (rules match on it). */
const LIFELINE_SOURCE = RISK_CHANGED.source;

export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
}

export interface EventPublisherOptions {
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Publishes Lifeline events of one detail-type on the bus. PutEvents can fail per entry
 * (FailedEntryCount) while the call succeeds: failed entries are resent with backoff, and
 * whatever still fails is an error, never a silent drop.
 */
export class EventBusPublisher<T> {
  readonly #client: EventBridgeClient;
  readonly #busName: string;
  readonly #detailType: string;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(
    client: EventBridgeClient,
    busName: string,
    detailType: string,
    options: EventPublisherOptions = {},
  ) {
    this.#client = client;
    this.#busName = busName;
    this.#detailType = detailType;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(details: readonly T[]): Promise<void> {
    for (let start = 0; start < details.length; start += MAX_ENTRIES) {
      let entries: PutEventsRequestEntry[] = details.slice(start, start + MAX_ENTRIES).map((detail) => ({
        EventBusName: this.#busName,
        Source: LIFELINE_SOURCE,
        DetailType: this.#detailType,
        Detail: JSON.stringify(detail),
      }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const out = await this.#client.send(new PutEventsCommand({ Entries: entries }));
        if (!out.FailedEntryCount) break;
        // Results are positional: entry i failed when Entries[i] has an ErrorCode.
        entries = entries.filter((_, index) => out.Entries?.[index]?.ErrorCode !== undefined);
        if (attempt >= this.#maxAttempts) {
          throw new EventPublishError(
            `${entries.length} ${this.#detailType} events failed after ${attempt} attempts`,
          );
        }
        await this.#sleep(Math.random() * 100 * 2 ** attempt);
      }
    }
  }
}

/** tenant.risk.changed (see domain/score-record.ts). */
export class RiskEventPublisher extends EventBusPublisher<RiskChangedDetail> implements RiskEventSink {
  constructor(client: EventBridgeClient, busName: string, options: EventPublisherOptions = {}) {
    super(client, busName, RISK_CHANGED.detailType, options);
  }
}
