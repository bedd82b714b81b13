import type { IngestPart } from '../domain/run/run-record';
import type { MetricsSource } from '../ports';
import { type IngestDeps, ingestPage } from './ingest-page';

/**
 * Ingests sources page by page in one process (the local runner; on AWS a Distributed Map
 * runs ingestPage per page instead). Tenant sources go first so profiles exist before their
 * metrics, as in the state machine.
 */
export async function ingestSources(
  runId: string,
  sources: readonly MetricsSource[],
  deps: IngestDeps,
): Promise<IngestPart[]> {
  const ordered = [...sources].sort((a, b) => rank(a) - rank(b));
  const parts: IngestPart[] = [];
  for (const source of ordered) {
    for await (const page of source.pages()) parts.push(await ingestPage(runId, page, deps));
  }
  return parts;
}

const rank = (source: MetricsSource) => (source.kind === 'tenants' ? 0 : 1);
