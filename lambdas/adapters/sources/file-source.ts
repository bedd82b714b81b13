import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { FeedFormat, FileSourceConfig } from '../../config/product-config';
import type { MetricsSource, TextPage } from '../../ports';
import { SourceConfigError } from './source-errors';

const FORMAT_BY_EXTENSION: Readonly<Record<string, FeedFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json-lines': 'jsonl',
};

/** The feed format of a file: the configured one, else from its extension. */
export function fileFormat(path: string, configured: FeedFormat | undefined, sourceId: string): FeedFormat {
  if (configured) return configured;
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new SourceConfigError(
      `source "${sourceId}": cannot tell the format of ${path} from its extension; ` +
        `use ${Object.keys(FORMAT_BY_EXTENSION).join(', ')} or set "format": "jsonl" | "csv"`,
    );
  }
  return format;
}

export interface FileSourceOptions {
  /** Directory relative paths are resolved against (the config file's folder); defaults to the cwd. */
  readonly baseDir?: string;
}

/** A local file as one page. The format is checked here so a bad config fails before any run starts. */
export function createFileSource(config: FileSourceConfig, options: FileSourceOptions = {}): MetricsSource {
  const format = fileFormat(config.path, config.format, config.id);
  const path = resolve(options.baseDir ?? process.cwd(), config.path);
  return {
    id: config.id,
    kind: config.kind,
    async *pages() {
      await assertReadableFile(path, config.id);
      const page: TextPage = {
        source: config.id,
        // The basename is what a person recognises in "metrics.csv line 12".
        pageId: basename(path),
        kind: config.kind,
        format,
        // Streamed in chunks: a feed file may be larger than the memory we want to spend on it.
        open: () => createReadStream(path),
      };
      yield page;
    },
  };
}

async function assertReadableFile(path: string, sourceId: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new SourceConfigError(`source "${sourceId}": ${path} is not a file`);
  } catch (error) {
    if (error instanceof SourceConfigError) throw error;
    throw new SourceConfigError(`source "${sourceId}": cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
