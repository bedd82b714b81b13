import { appendFile } from 'node:fs/promises';
import type { RiskChangedDetail } from '../../domain/score-record';
import type { RiskEventSink } from '../../ports';

/** Local runner: tenant.risk.changed events as JSON Lines (events.jsonl), as EventBridge would carry them. */
export class FileRiskEvents implements RiskEventSink {
  constructor(private readonly path: string) {}

  async publish(details: readonly RiskChangedDetail[]): Promise<void> {
    if (details.length === 0) return;
    const lines = details.map((detail) =>
      JSON.stringify({ source: 'lifeline', 'detail-type': 'tenant.risk.changed', detail }),
    );
    await appendFile(this.path, `${lines.join('\n')}\n`, 'utf8');
  }
}
