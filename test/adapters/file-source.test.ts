import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSource } from '../../lambdas/adapters/sources/file-source';
import { SourceConfigError } from '../../lambdas/adapters/sources/source-errors';
import { type FileSourceConfig, SourceSchema } from '../../lambdas/config/product-config';
import type { TextPage } from '../../lambdas/ports';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifeline-file-source-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fileConfig(path: string, extra: Record<string, unknown> = {}): FileSourceConfig {
  const config = SourceSchema.parse({ id: 'local-feed', kind: 'metrics', type: 'file', path, ...extra });
  if (config.type !== 'file') throw new Error('fixture is not a file source');
  return config;
}

async function onlyPage(config: FileSourceConfig, baseDir?: string): Promise<TextPage> {
  const pages: TextPage[] = [];
  for await (const page of createFileSource(config, baseDir === undefined ? {} : { baseDir }).pages()) {
    if (page.format === 'items') throw new Error('unexpected items page');
    pages.push(page);
  }
  expect(pages).toHaveLength(1);
  const [page] = pages;
  if (!page) throw new Error('no page');
  return page;
}

async function readText(page: TextPage): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of page.open()) parts.push(Buffer.from(chunk));
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

describe('file source', () => {
  it('streams a CSV file as one csv page named after the file', async () => {
    // Larger than one read buffer (64 KiB), so the page must arrive in several chunks.
    const rows = Array.from({ length: 5000 }, (_, i) => `t${i},2026-11-21,${i}`);
    const content = `tenantId,date,activeUsers\n${rows.join('\n')}\n`;
    const path = join(dir, 'metrics.csv');
    await writeFile(path, content);

    const page = await onlyPage(fileConfig(path));
    const { text, chunks } = await readText(page);

    expect(page).toMatchObject({
      source: 'local-feed',
      pageId: 'metrics.csv',
      kind: 'metrics',
      format: 'csv',
    });
    expect(text).toBe(content);
    expect(chunks).toBeGreaterThan(1);
  });

  it.each(['tenants.jsonl', 'tenants.ndjson', 'tenants.json-lines'])(
    'reads %s as JSON Lines',
    async (name) => {
      const content = '{"tenantId":"t1"}\n{"tenantId":"t2"}\n';
      await writeFile(join(dir, name), content);

      const page = await onlyPage(fileConfig(name), dir);

      expect(page.format).toBe('jsonl');
      await expect(readText(page)).resolves.toMatchObject({ text: content });
    },
  );

  it('lets the config name the format of any file', async () => {
    await writeFile(join(dir, 'export.txt'), 'tenantId\nt1\n');
    const page = await onlyPage(fileConfig('export.txt', { format: 'csv' }), dir);
    expect(page.format).toBe('csv');
  });

  it('refuses an extension it cannot map, naming the source and the way out', () => {
    expect(() => createFileSource(fileConfig('feed.json'))).toThrow(SourceConfigError);
    expect(() => createFileSource(fileConfig('feed.json'))).toThrow(/local-feed.*feed\.json.*\.csv, \.jsonl/);
  });

  it('reports a missing file when pages are pulled', async () => {
    const pages = createFileSource(fileConfig('missing.csv'), { baseDir: dir }).pages();
    await expect(pages[Symbol.asyncIterator]().next()).rejects.toThrow(/local-feed.*missing\.csv/);
  });
});
