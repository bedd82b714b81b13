import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { QuarantineRecord } from '../../domain/feed/quarantine';
import type { QuarantineSink } from '../../ports';

/** Local runner: appends quarantined records to one JSON Lines file (quarantine.jsonl). */
export class FileQuarantine implements QuarantineSink {
  constructor(private readonly path: string) {}

  async put(records: readonly QuarantineRecord[]): Promise<void> {
    if (records.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
  }
}
