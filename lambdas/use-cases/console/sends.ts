import { z } from 'zod';
import { addDays, daysBetween } from '../../domain/calendar';
import { CAUSE_IDS } from '../../domain/cause-ids';
import { PLAY_COPY } from '../../domain/emails/play-copy';
import type { RenderedEmail } from '../../domain/emails/render-play-email';
import { CalendarDateSchema } from '../../domain/feed/feed-records';
import { CAMPAIGN_STATUSES, type CampaignDecision } from '../../domain/plays/campaign-decision';
import type { StoredCampaign } from '../../ports';
import type { ConsoleDeps } from './console-deps';
import { ConsoleInputError, ConsoleNotFoundError } from './console-errors';
import type { ListedDecision } from './console-ports';
import { decisionsOfNights, latestNight } from './latest-night';
import { renderCampaignEmail } from './render-email';

/** The widest date range one search reads night by night (a tenant search reads its own partition). */
export const MAX_SEARCH_NIGHTS = 31;
const DEFAULT_NIGHTS = 7;
export const PAGE_SIZE = 50;

export const SendsQuerySchema = z
  .object({
    tenant: z.string().min(1).max(128).optional(),
    play: z.enum(CAUSE_IDS).optional(),
    status: z.enum(CAMPAIGN_STATUSES).optional(),
    from: CalendarDateSchema.optional(),
    to: CalendarDateSchema.optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict();
export type SendsQuery = z.infer<typeof SendsQuerySchema>;

export interface SendsPage {
  readonly from: string | null;
  readonly to: string | null;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly decisions: readonly ListedDecision[];
}

/**
 * Decisions by tenant, play, status and night range, newest night first. A tenant search reads
 * the tenant's partition; otherwise each night of the range is read from the night index.
 */
export async function searchSends(query: SendsQuery, deps: ConsoleDeps): Promise<SendsPage> {
  const night = await latestNight(deps);
  const to = query.to ?? night;
  if (to === null) return { from: null, to: null, total: 0, page: 1, pageSize: PAGE_SIZE, decisions: [] };
  const from = query.from ?? addDays(to, -(DEFAULT_NIGHTS - 1));
  if (from > to) throw new ConsoleInputError(`from (${from}) is after to (${to})`);
  let found: ListedDecision[];
  if (query.tenant !== undefined) {
    const [byTenant, profile] = await Promise.all([
      deps.campaigns.tenantCampaigns([query.tenant], from),
      deps.reader.readTenant(query.tenant),
    ]);
    found = (byTenant.get(query.tenant) ?? [])
      .filter((decision) => decision.runDate <= to)
      .map((decision) => ({ ...decision, tenantName: profile?.name ?? null }));
  } else {
    const nights = daysBetween(from, to) + 1;
    if (nights > MAX_SEARCH_NIGHTS) {
      throw new ConsoleInputError(`search at most ${MAX_SEARCH_NIGHTS} nights at once, or one tenant`);
    }
    found = await decisionsOfNights(from, to, deps);
  }
  const matching = found
    .filter((decision) => query.play === undefined || decision.play === query.play)
    .filter((decision) => query.status === undefined || decision.status === query.status)
    .sort(newestFirst);
  const start = (query.page - 1) * PAGE_SIZE;
  return {
    from,
    to,
    total: matching.length,
    page: query.page,
    pageSize: PAGE_SIZE,
    decisions: matching.slice(start, start + PAGE_SIZE),
  };
}

export interface CampaignEmail extends RenderedEmail {
  readonly key: string;
  readonly recipient: string;
  readonly recipients: readonly string[];
  /** True when this email went out (status sent): then it is exactly what the recipient got. */
  readonly sent: boolean;
  readonly messageId: string | null;
  readonly sentAt: string | null;
  readonly status: CampaignDecision['status'];
  /** The copy marketing approved it with, if edited. */
  readonly copy: { readonly subject?: string; readonly intro?: string } | null;
  /** The play's own subject and intro templates: where an edit starts. */
  readonly defaultCopy: { readonly subject: string; readonly intro: string };
}

/** The email of a decision for one recipient (default: the first), rendered from its stored merge data. */
export async function campaignEmail(
  key: string,
  recipient: string | undefined,
  deps: ConsoleDeps,
): Promise<CampaignEmail> {
  const campaign = await campaignOf(key, deps);
  const { decision } = campaign;
  const to = recipient ?? decision.recipients[0];
  if (to === undefined || !decision.recipients.includes(to)) {
    throw new ConsoleNotFoundError(
      to === undefined ? `${key} has no recipient` : `${key} was not addressed to that recipient`,
    );
  }
  if (campaign.mergeData.facts === undefined) {
    throw new ConsoleNotFoundError(`${key} has no email: its merge data was missing (${decision.reason})`);
  }
  const copy = campaign.mergeData.copy as CampaignEmail['copy'] | undefined;
  return {
    ...renderCampaignEmail(campaign, to, deps),
    key,
    recipient: to,
    recipients: decision.recipients,
    sent: decision.status === 'sent',
    messageId: campaign.deliveries[to] ?? decision.messageId,
    sentAt: decision.sentAt,
    status: decision.status,
    copy: copy ?? null,
    defaultCopy: { subject: PLAY_COPY[decision.play].subject, intro: PLAY_COPY[decision.play].intro },
  };
}

/** The stored campaign of a key ("<tenantId>|<play>|<runDate>"), or 404. */
export async function campaignOf(key: string, deps: Pick<ConsoleDeps, 'campaigns'>): Promise<StoredCampaign> {
  const [tenantId, play, runDate] = key.split('|');
  if (!tenantId || !play || !runDate || key.split('|').length !== 3) {
    throw new ConsoleInputError(`not a campaign key: ${key}`);
  }
  const campaign = await deps.campaigns.get(tenantId, key);
  if (campaign === null) throw new ConsoleNotFoundError(`no decision ${key}`);
  return campaign;
}

const newestFirst = (a: CampaignDecision, b: CampaignDecision) =>
  a.runDate !== b.runDate ? (a.runDate < b.runDate ? 1 : -1) : a.key < b.key ? -1 : 1;
