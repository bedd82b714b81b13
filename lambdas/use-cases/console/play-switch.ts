import { randomUUID } from 'node:crypto';
import type { CauseId } from '../../domain/cause-ids';
import { playState } from '../../domain/console/play-overrides';
import type { ConsoleDeps, ConsoleIdentity } from './console-deps';
import { ConsoleConflictError } from './console-errors';

/**
 * Pauses or resumes a play from the next run on (the plan reads the switch when it starts);
 * audited with the switch in one write. A play disabled in the config file stays off: that is
 * ops' switch, and the console says so instead of pretending to resume it.
 */
export async function switchPlay(
  play: CauseId,
  paused: boolean,
  identity: ConsoleIdentity,
  deps: ConsoleDeps,
): Promise<{ play: CauseId; status: 'active' | 'paused'; changed: boolean }> {
  const { config } = deps.loaded;
  if (!config.plays[play].enabled) {
    throw new ConsoleConflictError(
      `${play} is disabled in the config file (plays.${play}.enabled: false); change it there`,
    );
  }
  const current = playState(play, config.plays, await deps.console.playOverrides());
  if ((current.status === 'paused') === paused) return { play, status: current.status, changed: false };
  const at = deps.clock().toISOString();
  await deps.console.setPlayOverride(
    { play, paused, by: identity.id, at },
    {
      id: randomUUID(),
      at,
      actor: identity.id,
      action: paused ? 'pause' : 'resume',
      target: play,
      details: { takesEffect: 'next run' },
    },
  );
  return { play, status: paused ? 'paused' : 'active', changed: true };
}
