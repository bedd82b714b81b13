import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../lambdas/config/config-json-schema';
import { ConfigError, loadConfigFile, parseConfig } from '../../lambdas/config/load-config';

const example = readFileSync('lifeline.config.json', 'utf8');
const withChange = (change: (config: Record<string, unknown>) => void) => {
  const config = JSON.parse(example);
  change(config);
  return JSON.stringify(config);
};

describe('product config', () => {
  it('accepts the shipped example and applies defaults', () => {
    const { config, configVersion } = loadConfigFile('lifeline.config.json');
    expect(config.schedules.nightlyRun.timezone).toBe('Europe/Berlin');
    expect(config.schedules.nightlyRun.enabled).toBe(true);
    expect(config.operations.logRetentionDays).toBe(30);
    expect(configVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it('versions content, not layout: reordering keys keeps the version, changing a value does not', () => {
    const base = parseConfig(example, 'a').configVersion;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(example)).reverse()));
    expect(parseConfig(reordered, 'b').configVersion).toBe(base);
    expect(
      parseConfig(
        withChange((c) => ((c.storage as { tenantShards: number }).tenantShards = 32)),
        'c',
      ).configVersion,
    ).not.toBe(base);
  });

  it.each([
    [
      'a bad time zone',
      (c: Record<string, unknown>) =>
        ((c.schedules as { nightlyRun: { timezone: string } }).nightlyRun.timezone = 'Berlin'),
      /IANA time zone[\s\S]*at schedules\.nightlyRun\.timezone/,
    ],
    [
      'a core feature that is not a key feature',
      (c: Record<string, unknown>) => (c.features as { core: string[] }).core.push('telepathy'),
      /"telepathy" is not one of features\.key[\s\S]*at features\.core\[3\]/,
    ],
    [
      'a misspelled field',
      (c: Record<string, unknown>) =>
        (c.schedules = { nightlyRun: { cron: '0 2 * * ? *', timezone: 'UTC', enabeld: true } }),
      /Unrecognized key[\s\S]*enabeld/,
    ],
    [
      'a duplicate source id',
      (c: Record<string, unknown>) => (c.sources as object[]).push((c.sources as object[])[0] as object),
      /duplicate source id "tenants-drop"/,
    ],
    [
      'a five-field cron',
      (c: Record<string, unknown>) =>
        ((c.schedules as { nightlyRun: { cron: string } }).nightlyRun.cron = '0 2 * * *'),
      /6 fields/,
    ],
  ])('rejects %s with the path of the field and what was expected', (_name, change, message) => {
    expect(() => parseConfig(withChange(change), 'lifeline.config.json')).toThrow(ConfigError);
    expect(() => parseConfig(withChange(change), 'lifeline.config.json')).toThrow(message);
  });

  it('names the file when it is not JSON or missing', () => {
    expect(() => parseConfig('{ nope', 'my.json')).toThrow(/my\.json is not valid JSON/);
    expect(() => loadConfigFile('does-not-exist.json')).toThrow(
      /cannot read config file does-not-exist\.json/,
    );
  });

  it('the committed JSON Schema is up to date (regenerate: lifeline config schema --write lifeline.config.schema.json)', () => {
    expect(readFileSync('lifeline.config.schema.json', 'utf8')).toBe(configJsonSchema());
  });
});
