import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface BundleBench {
  readonly functionId: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Median time to import the bundle in a fresh Node process: a proxy for cold-start init. */
  readonly moduleLoadMs: number;
}

export interface SynthBench {
  readonly synthSeconds: number;
  readonly bundles: readonly BundleBench[];
}

/** Environment the handlers validate at module load, with placeholder values. */
const HANDLER_ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'bench-table',
  FEED_BUCKET: 'bench-bucket',
  CONFIG_VERSION: 'bench',
  TENANT_SHARDS: '64',
  NIGHTLY_TIME_ZONE: 'Europe/Berlin',
  LIFELINE_SOURCES: '[]',
  POWERTOOLS_SERVICE_NAME: 'lifeline-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'Lifeline',
  POWERTOOLS_TRACE_ENABLED: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** `cdk synth` as an operator runs it (esbuild bundling included), then sizes every Lambda bundle. */
export function benchSynth(outDir: string): SynthBench {
  const started = performance.now();
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', outDir], { stdio: 'pipe' });
  const synthSeconds = (performance.now() - started) / 1000;
  const bundles: BundleBench[] = [];
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !assetPath) continue;
      const entry = join(outDir, assetPath, 'index.mjs');
      if (!statSync(entry, { throwIfNoEntry: false })) continue;
      const code = readFileSync(entry);
      bundles.push({
        functionId: logicalId,
        minifiedBytes: code.length,
        gzipBytes: gzipSync(code).length,
        moduleLoadMs: medianLoadMs(entry),
      });
    }
  }
  return { synthSeconds: Math.round(synthSeconds * 10) / 10, bundles };
}

function medianLoadMs(entry: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(resolve(entry)).href)}); process.stdout.write(String(performance.now() - t));`;
  const samples = Array.from({ length: 5 }, () =>
    Number(
      execFileSync('node', ['--input-type=module', '-e', script], {
        env: { ...process.env, ...HANDLER_ENV },
      }),
    ),
  ).sort((a, b) => a - b);
  return Math.round((samples[2] ?? 0) * 10) / 10;
}
