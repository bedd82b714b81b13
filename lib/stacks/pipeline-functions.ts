import { Duration } from 'aws-cdk-lib';

/** Timeout of send-email; the data stack makes the send queue's visibility timeout six times this. */
export const SEND_EMAIL_TIMEOUT = Duration.minutes(1);

/** Identity and sizing of one of the pipeline's Lambdas; the handler file is the id in kebab case. */
export interface FunctionSpec {
  readonly id: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
}

/** Every Lambda of the pipeline stack. */
export const FUNCTIONS = {
  prepareRun: {
    id: 'PrepareRun',
    description: 'Opens a nightly run: run id and the night it covers',
    memorySize: 256,
    timeout: Duration.seconds(30),
  },
  landHttpPages: {
    id: 'LandHttpPages',
    description: 'Fetches pages of an HTTP source into the feed bucket',
    memorySize: 512,
    timeout: Duration.minutes(5),
  },
  ingestPage: {
    // Parsing and validating a page is CPU-bound; on Lambda memory buys CPU.
    id: 'IngestPage',
    description: 'Ingests one feed page into the table, quarantining bad records',
    memorySize: 1024,
    timeout: Duration.minutes(5),
  },
  prepareScoring: {
    // Holds a sample of tenant histories and the training set in memory; trains a GA2M. 3008 MB
    // is the most a new account may configure without a quota increase (and buys ~2 vCPUs).
    id: 'PrepareScoring',
    description: "Builds the night's scoring context from a tenant sample and trains the model when due",
    memorySize: 3008,
    timeout: Duration.minutes(15),
  },
  scoreShard: {
    // 1769 MB is one full vCPU: scoring is CPU-bound between the shard's reads and writes.
    id: 'ScoreShard',
    description: 'Scores one tenant shard, stores the scores and publishes tenant.risk.changed',
    memorySize: 1769,
    timeout: Duration.minutes(10),
  },
  planShard: {
    // Mostly I/O (scores, a week of days, campaigns and recipients per tenant), little CPU.
    id: 'PlanShard',
    description: "Plans one tenant shard's plays through the guardrails and queues the cleared sends",
    memorySize: 1024,
    timeout: Duration.minutes(10),
  },
  sendEmail: {
    // A batch of 10 in parallel; the mailer's throttling backoff can hold a message for seconds.
    id: 'SendEmail',
    description: 'Sends queued play emails through SES, exactly once, within send windows',
    memorySize: 1024,
    timeout: SEND_EMAIL_TIMEOUT,
  },
  emailEvents: {
    id: 'EmailEvents',
    description: 'SES feedback: suppresses bounced and complaining addresses, counts engagement',
    memorySize: 256,
    timeout: Duration.seconds(30),
  },
  consoleApi: {
    // A marketer's click: reads a night's decisions, or re-plans every tenant for Tonight.
    id: 'ConsoleApi',
    description: 'The review console API: plays, tonight, approvals, sends, tenants (Cognito users)',
    memorySize: 1024,
    timeout: Duration.seconds(29),
  },
  unsubscribe: {
    id: 'Unsubscribe',
    description: 'The unsubscribe endpoint: confirmation page and one-click unsubscribe',
    memorySize: 256,
    timeout: Duration.seconds(10),
  },
  finalizeRun: {
    id: 'FinalizeRun',
    description: 'Sums the run parts into the run summary and publishes run.completed',
    memorySize: 512,
    timeout: Duration.minutes(2),
  },
  digestCsms: {
    id: 'DigestCsms',
    description: "Lists a morning digest's work: the tenant shards, then the CSMs with a digest",
    memorySize: 256,
    timeout: Duration.seconds(30),
  },
  digestCollect: {
    // I/O like plan-shard: the shard's profiles, two nights of scores, then trend and decision per listed tenant.
    id: 'DigestCollect',
    description: "Collects one tenant shard's digest lines under their CSMs",
    memorySize: 1024,
    timeout: Duration.minutes(10),
  },
  digestSend: {
    // Well under digest-send's 5-minute claim timeout: a claim older than that belongs to a dead invocation.
    id: 'DigestSend',
    description: "Renders and sends one CSM's morning digest through SES, at most once a day",
    memorySize: 512,
    timeout: Duration.minutes(1),
  },
} as const satisfies Record<string, FunctionSpec>;

export function kebab(pascal: string): string {
  return pascal.replace(/[A-Z]/g, (letter, index: number) => (index === 0 ? '' : '-') + letter.toLowerCase());
}
