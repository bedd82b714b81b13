import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBannedCopy } from '../../lambdas/domain/emails';
import { PLAY_COPY } from '../../lambdas/domain/emails/play-copy';
import {
  compileEmailTemplates,
  GENERATED_FILE,
  TEMPLATE_FAMILIES,
} from '../../scripts/emails/compile-templates';

const root = join(import.meta.dirname, '..', '..');
const sources = TEMPLATE_FAMILIES.flatMap(({ dir }) =>
  readdirSync(join(root, dir)).map((name) => ({
    name: `${dir}/${name}`,
    text: readFileSync(join(root, dir, name), 'utf8'),
  })),
);
const generated = readFileSync(join(root, GENERATED_FILE), 'utf8');
const copyLines = Object.entries(PLAY_COPY).flatMap(([cause, copy]) =>
  Object.entries(copy).map(([field, text]) => ({ name: `${cause}.${field}`, text })),
);

describe('email templates', () => {
  it('the committed compiled module matches the MJML sources (run npm run emails:build)', async () => {
    expect(generated).toBe(await compileEmailTemplates(root));
  });

  it('no template or copy line inserts a value unescaped ({{{ }}} or {{& }})', () => {
    expect(sources.length).toBeGreaterThan(12);
    for (const { name, text } of [...sources, ...copyLines, { name: GENERATED_FILE, text: generated }]) {
      expect(text, name).not.toMatch(/\{\{\{|\{\{\s*&/);
    }
  });

  it('no discount, price-cut or win-back language in any template or copy line', () => {
    for (const { name, text } of [...sources, ...copyLines, { name: GENERATED_FILE, text: generated }]) {
      expect(findBannedCopy(text), name).toEqual([]);
    }
  });
});
