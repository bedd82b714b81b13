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

/** What Lambda itself sets (the handlers' loggers and SDK clients read them at module load). */
const RUNTIME_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

type TemplateValue = string | Record<string, unknown>;

interface LambdaResource {
  readonly Type: string;
  readonly Metadata?: Record<string, string>;
  readonly Properties?: { readonly Environment?: { readonly Variables?: Record<string, TemplateValue> } };
}

/**
 * A function's environment as its template sets it, with each deploy-time reference (another
 * stack's output, a Ref, a URL joined from parts) replaced by a value of the same shape, so the
 * bundle's own environment check passes at import as it does on Lambda.
 */
function handlerEnv(resource: LambdaResource): Record<string, string> {
  const variables = resource.Properties?.Environment?.Variables ?? {};
  const placeholder = (name: string) =>
    name.endsWith('_ARN')
      ? 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench'
      : name.endsWith('_URL')
        ? 'https://bench.example.com/bench'
        : `bench-${name.toLowerCase()}`;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : placeholder(name),
    ]),
  );
}

/** `cdk synth` as an operator runs it (esbuild bundling included), then sizes every Lambda bundle. */
export function benchSynth(outDir: string): SynthBench {
  const started = performance.now();
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', outDir], { stdio: 'pipe' });
  const synthSeconds = (performance.now() - started) / 1000;
  const bundles: BundleBench[] = [];
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as {
      Resources: Record<string, LambdaResource>;
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
        moduleLoadMs: medianLoadMs(entry, handlerEnv(resource)),
      });
    }
  }
  return { synthSeconds: Math.round(synthSeconds * 10) / 10, bundles };
}

function medianLoadMs(entry: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(resolve(entry)).href)}); process.stdout.write(String(performance.now() - t));`;
  const samples = Array.from({ length: 5 }, () =>
    Number(
      execFileSync('node', ['--input-type=module', '-e', script], {
        env: { ...process.env, ...RUNTIME_ENV, ...env },
      }),
    ),
  ).sort((a, b) => a - b);
  return Math.round((samples[2] ?? 0) * 10) / 10;
}
