import { type LoadedConfig, parseConfig } from '../../config/load-config';

/** The config compiled into the function does not fit the deployment it runs in. */
export class BundledConfigError extends Error {
  override readonly name = 'BundledConfigError';
}

/**
 * The whole product config reaches the Lambdas that need it (training and scoring settings, the
 * feature map) compiled into their bundle: the pipeline stack validates it at synth and has
 * esbuild replace `process.env.LIFELINE_CONFIG` with its JSON, because Lambda's 4 KB
 * environment cannot carry it. Parsed again at cold start with the same schema, and its hash
 * must be the CONFIG_VERSION the stack deployed, so code and environment cannot drift apart.
 */
export function bundledConfig(json: string | undefined, configVersion: string): LoadedConfig {
  if (json === undefined || json === '') {
    throw new BundledConfigError('no product config was bundled (process.env.LIFELINE_CONFIG is empty)');
  }
  const loaded = parseConfig(json, 'the bundled product config');
  if (loaded.configVersion !== configVersion) {
    throw new BundledConfigError(
      `the bundled product config is version ${loaded.configVersion}, the environment says ${configVersion}: redeploy the pipeline stack`,
    );
  }
  return loaded;
}
