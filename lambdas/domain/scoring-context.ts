import { z } from 'zod';
import { CalendarDateSchema } from './feed/feed-records';
import { PortfolioContextJsonSchema } from './scoring/portfolio-context';

/**
 * The night's scoring context: what the prepare step hands to every score shard, so that each
 * shard scores against the same portfolio (industry percentiles, attribute dictionaries, feature
 * layout) and the same model without reading any other shard's tenants.
 */
export const ScoringContextSchema = z
  .object({
    runId: z.string().min(1),
    asOf: CalendarDateSchema,
    /** The config the context was built with; a shard running another config must not use it. */
    configVersion: z.string().min(1),
    /** The stored model version every shard scores with. */
    modelVersion: z.string().min(1),
    /**
     * Newest metric date (<= asOf) among the tenants the context was built from: a tenant behind
     * it is late. A shard takes the later of this and its own tenants' newest date.
     */
    feedNewest: z.string(),
    portfolio: PortfolioContextJsonSchema,
  })
  .strict();
export type ScoringContextJson = z.infer<typeof ScoringContextSchema>;
