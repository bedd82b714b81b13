import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/config/load-config';
import { buildApp } from '../../lib/app';
import { CDK_JSON_CONTEXT, exampleConfig } from './app-fixture';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function configFile(mutate: (raw: Record<string, unknown>) => void): string {
  const raw = exampleConfig();
  mutate(raw);
  const path = join(mkdtempSync(join(tmpdir(), 'lifeline-config-')), 'lifeline.config.json');
  writeFileSync(path, JSON.stringify(raw));
  return path;
}

const badTimeZone = (raw: Record<string, unknown>) => {
  (raw.schedules as { nightlyRun: Record<string, unknown> }).nightlyRun.timezone = 'Europe/Atlantis';
};

describe('a bad config fails synth clearly', () => {
  it('buildApp throws a ConfigError naming the field path', () => {
    const path = configFile(badTimeZone);
    const build = () => buildApp({ configPath: path, context: { 'aws:cdk:bundling-stacks': [] } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/schedules\.nightlyRun\.timezone/);
    expect(build).toThrow(/IANA time zone/);
  });

  it('context `config` (cdk synth -c config=...) picks the file', () => {
    const path = configFile((raw) => {
      raw.region = 'Ireland';
    });
    expect(() => buildApp({ context: { config: path, 'aws:cdk:bundling-stacks': [] } })).toThrow(/region/);
  });

  it('names a missing file', () => {
    expect(() => buildApp({ configPath: '/nonexistent/lifeline.config.json' })).toThrow(
      /cannot read config file \/nonexistent\/lifeline\.config\.json/,
    );
  });

  it('the CDK entry prints the readable message and exits 1, without a stack trace', () => {
    const path = configFile(badTimeZone);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/lifeline.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, config: path }),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('schedules.nightlyRun.timezone');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
