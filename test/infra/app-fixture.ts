import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { type LoadedConfig, parseConfig } from '../../lambdas/config/load-config';
import { type BuildAppOptions, buildApp, type LifelineApp } from '../../lib/app';

const ROOT = new URL('../../', import.meta.url);

/** cdk.json's feature flags, so tests synthesize what `cdk synth` synthesizes. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('cdk.json', ROOT), 'utf8'),
).context;

/** The shipped example config, parsed into a plain object the tests can vary. */
export function exampleConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('lifeline.config.json', ROOT), 'utf8'));
}

export function loadedConfig(raw: Record<string, unknown> = exampleConfig()): LoadedConfig {
  return parseConfig(JSON.stringify(raw), 'test config');
}

export interface TestApp extends LifelineApp {
  readonly dataTemplate: Template;
  readonly pipelineTemplate: Template;
}

/** The whole app with esbuild bundling skipped; cdk-nag off unless asked for (it has its own test). */
export function testApp(options: Partial<BuildAppOptions> = {}): TestApp {
  const built = buildApp({
    loadedConfig: loadedConfig(),
    nag: false,
    ...options,
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...options.context },
  });
  return {
    ...built,
    dataTemplate: Template.fromStack(built.data),
    pipelineTemplate: Template.fromStack(built.pipeline),
  };
}

/** A resource's properties when the template holds exactly one of the type. */
export function onlyResource(template: Template, type: string): Record<string, unknown> {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return (resources[0] as { Properties: Record<string, unknown> }).Properties;
}
