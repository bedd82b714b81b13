import { z } from 'zod';
import type { PlaysConfig } from '../../config/product-config';
import { CAUSE_IDS, type CauseId } from '../cause-ids';

/**
 * A play paused or resumed in the review console. It overrides the config's `enabled` only to
 * pause: a play the config file disables stays off (ops own that switch), so resuming clears
 * a console pause and nothing more. Read by the plan stage at the start of every run.
 */
export const PlayOverrideSchema = z.object({
  play: z.enum(CAUSE_IDS),
  paused: z.boolean(),
  by: z.string(),
  at: z.string(),
});
export type PlayOverride = z.infer<typeof PlayOverrideSchema>;
export type PlayOverrides = ReadonlyMap<CauseId, PlayOverride>;

export type PlayStatus = 'active' | 'paused';

/** Where a pause comes from: the console (marketing can resume it) or the config file (ops). */
export type PausedBy = 'console' | 'config' | null;

export function playState(
  play: CauseId,
  plays: PlaysConfig,
  overrides: PlayOverrides,
): { status: PlayStatus; pausedBy: PausedBy } {
  if (!plays[play].enabled) return { status: 'paused', pausedBy: 'config' };
  if (overrides.get(play)?.paused) return { status: 'paused', pausedBy: 'console' };
  return { status: 'active', pausedBy: null };
}

/** The plays config the plan runs with: every play paused in the console is disabled. */
export function withPlayOverrides(plays: PlaysConfig, overrides: PlayOverrides): PlaysConfig {
  const effective = { ...plays };
  for (const [play, override] of overrides) {
    if (override.paused) effective[play] = { ...plays[play], enabled: false };
  }
  return effective;
}
