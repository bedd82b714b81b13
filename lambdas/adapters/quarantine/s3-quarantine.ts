import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FEED_BUCKET_PREFIXES } from '../../config/feed-bucket-layout';
import type { QuarantineRecord } from '../../domain/feed/quarantine';
import type { QuarantineSink } from '../../ports';

/**
 * AWS: each batch of a page's quarantined records becomes one object with a deterministic key
 * (run, source, page, batch number), so a retried page overwrites its own objects instead of
 * adding copies.
 */
export class S3Quarantine implements QuarantineSink {
  private batch = 0;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async put(records: readonly QuarantineRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.batch += 1;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${this.prefix}part-${String(this.batch).padStart(5, '0')}.jsonl`,
        Body: records.map((record) => `${JSON.stringify(record)}\n`).join(''),
        ContentType: 'application/x-ndjson',
      }),
    );
  }
}

/** quarantine/<runId>/<sourceId>/<pageId with unsafe characters replaced>/ */
export function quarantinePrefix(runId: string, source: string, pageId: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${FEED_BUCKET_PREFIXES.quarantine}${safe(runId)}/${safe(source)}/${safe(pageId)}/`;
}
