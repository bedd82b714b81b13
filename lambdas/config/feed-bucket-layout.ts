/**
 * Top-level prefixes of the feed bucket. The data stack expires them, the pipeline stack grants
 * on them; one list keeps the two from drifting apart.
 */
export const FEED_BUCKET_PREFIXES = {
  /** Feed files dropped by the customer's export jobs; s3 sources must live under it. */
  feeds: 'feeds/',
  /** Pages fetched from http sources, one object per page: landing/<runId>/<sourceId>/. */
  landing: 'landing/',
  /** Bad records with their raw text and a reason. */
  quarantine: 'quarantine/',
  /** Run summaries written by finalize-run. */
  runs: 'runs/',
  /** Distributed Map result manifests (diagnostics only). */
  mapResults: 'runs/map-results/',
} as const;
