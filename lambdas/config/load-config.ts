import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json';
import { type ProductConfig, ProductConfigSchema } from './product-config';

/** A config file that cannot be used; the message names the file, the field path and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface LoadedConfig {
  readonly config: ProductConfig;
  /** Short content hash of the validated config (defaults applied); stamped on every output. */
  readonly configVersion: string;
}

export function parseConfig(text: string, origin: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  const result = ProductConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${origin} is not a valid Lifeline config:\n${z.prettifyError(result.error)}`);
  }
  return { config: result.data, configVersion: configHash(result.data) };
}

export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  return parseConfig(text, path);
}

function configHash(config: ProductConfig): string {
  const { $schema: _ignored, ...content } = config;
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 12);
}
