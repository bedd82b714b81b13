/**
 * The single-table key design: the one source of truth used by the CDK data stack and by the
 * local runtime when it creates the table in DynamoDB Local.
 *
 * | item                 | PK                 | SK                      | GSI1PK (shard index)      | GSI1SK           |
 * |----------------------|--------------------|-------------------------|---------------------------|------------------|
 * | tenant profile       | TENANT#<id>        | PROFILE                 | SHARD#<n>                 | TENANT#<id>      |
 * | metrics, one month   | TENANT#<id>        | METRICS#<yyyy-mm>       |                           |                  |
 * | latest score         | TENANT#<id>        | SCORE#LATEST            |                           |                  |
 * | score history        | TENANT#<id>        | SCORE#<asOf>            |                           |                  |
 * | churn model version  | MODEL              | VERSION#<version>       |                           |                  |
 * | current model        | MODEL              | CURRENT                 |                           |                  |
 * | run summary          | RUN#<runId>        | SUMMARY                 |                           |                  |
 * | run stage part       | RUN#<runId>        | PART#<stage>#<partId>   |                           |                  |
 * | scoring context      | RUN#<runId>        | SCORING#CONTEXT         |                           |                  |
 * | its gzip chunks      | RUN#<runId>        | SCORING#CONTEXT#<nnnn>  |                           |                  |
 *
 * Every per-tenant item lives under the tenant's own partition, so load spreads evenly over
 * millions of tenants and a tenant's whole history is one Query (or a handful of GetItems).
 * Nightly work fans out over the sparse shard index: SHARD#<n> is a stable hash of the tenant
 * id, so each of N shards holds ~1/N of the tenants and one worker queries one shard.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  shardIndex: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
} as const;

export const tenantPk = (tenantId: string) => `TENANT#${tenantId}`;
export const PROFILE_SK = 'PROFILE';
export const metricsMonthSk = (month: string) => `METRICS#${month}`;
export const SCORE_LATEST_SK = 'SCORE#LATEST';
/** History keys are dates, which sort before "LATEST" (digits < letters): a date range never includes it. */
export const scoreHistorySk = (asOf: string) => `SCORE#${asOf}`;
export const MODEL_PK = 'MODEL';
export const MODEL_CURRENT_SK = 'CURRENT';
export const modelVersionSk = (version: string) => `VERSION#${version}`;
export const runPk = (runId: string) => `RUN#${runId}`;
export const RUN_SUMMARY_SK = 'SUMMARY';
export const runPartSk = (stage: string, partId: string) => `PART#${stage}#${partId}`;
export const shardPk = (shard: number) => `SHARD#${shard}`;
/** The night's scoring context: a header naming its chunks (gzip JSON can pass the 400 KB item limit). */
export const SCORING_CONTEXT_SK = 'SCORING#CONTEXT';
export const scoringContextChunkSk = (index: number) =>
  `${SCORING_CONTEXT_SK}#${String(index).padStart(4, '0')}`;

/** Day-of-month attribute of a metrics month item: "d01".."d31". */
export const dayAttribute = (isoDate: string) => `d${isoDate.slice(8, 10)}`;

/** FNV-1a: stable across processes and runtimes, cheap, and spreads ids evenly. */
export function tenantShard(tenantId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tenantId.length; i++) {
    hash ^= tenantId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
