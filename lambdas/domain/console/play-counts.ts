import type { CauseId } from '../cause-ids';
import type { CampaignDecision, CampaignStatus } from '../plays/campaign-decision';

export type StatusCounts = Partial<Record<CampaignStatus, number>>;

/** Decisions per play by status (a status no decision has is absent). */
export function countByPlayAndStatus(
  decisions: Iterable<Pick<CampaignDecision, 'play' | 'status'>>,
): Map<CauseId, StatusCounts> {
  const counts = new Map<CauseId, StatusCounts>();
  for (const { play, status } of decisions) {
    const row = counts.get(play) ?? {};
    row[status] = (row[status] ?? 0) + 1;
    counts.set(play, row);
  }
  return counts;
}
