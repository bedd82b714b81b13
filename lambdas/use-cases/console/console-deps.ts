import type { LoadedConfig } from '../../config/load-config';
import type { TenantRecord } from '../../domain/feed/feed-records';
import type { CampaignStore, Clock, ScoreHistory, ScoreRepository, SendOutbox } from '../../ports';
import type { TenantHistoryReader } from '../scoring/load-histories';
import type { ConsoleStore, DigestMentions } from './console-ports';

/** Everything the console's use cases read and write through. */
export interface ConsoleDeps {
  readonly loaded: LoadedConfig;
  readonly console: ConsoleStore;
  readonly campaigns: Pick<CampaignStore, 'get' | 'tenantCampaigns' | 'recipientStates'>;
  readonly scores: Pick<ScoreRepository, 'latest'> & Pick<ScoreHistory, 'history'>;
  readonly reader: TenantHistoryReader & { readTenant(tenantId: string): Promise<TenantRecord | null> };
  readonly digests: DigestMentions;
  /** Where approved sends go: the SQS send queue on AWS, the local sender in `lifeline serve`. */
  readonly outbox: SendOutbox;
  readonly clock: Clock;
}

/** Who is acting: the Cognito user on AWS, "local" in `lifeline serve`. */
export interface ConsoleIdentity {
  readonly id: string;
}
