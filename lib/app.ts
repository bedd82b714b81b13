import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type LoadedConfig, loadConfigFile } from '../lambdas/config/load-config';
import { WildcardAcknowledgements } from './nag/wildcard-acknowledgements';
import { DataStack } from './stacks/data-stack';
import { SEND_EMAIL_TIMEOUT } from './stacks/pipeline-functions';
import { PipelineStack } from './stacks/pipeline-stack';

export const DEFAULT_CONFIG_PATH = 'lifeline.config.json';

/** How to build the Lifeline CDK app; the CLI entry and the infra tests share this one function. */
export interface BuildAppOptions {
  /** App context; the CLI supplies cdk.json's, tests add `'aws:cdk:bundling-stacks': []` to skip esbuild. */
  readonly context?: Readonly<Record<string, unknown>>;
  /**
   * Config file to load when `loadedConfig` is not given. Context `config` (`cdk synth -c config=...`) wins.
   * @default 'lifeline.config.json'
   */
  readonly configPath?: string;
  /** An already validated config, so tests can vary it without writing files. */
  readonly loadedConfig?: LoadedConfig;
  /**
   * Run the cdk-nag AwsSolutions checks at synth.
   * @default true
   */
  readonly nag?: boolean;
  /** Cloud assembly directory. @default - the CLI's, or a temporary directory */
  readonly outdir?: string;
}

export interface LifelineApp {
  readonly app: App;
  readonly loadedConfig: LoadedConfig;
  readonly data: DataStack;
  readonly pipeline: PipelineStack;
}

/**
 * Builds the app: config -> stateful data stack -> stateless pipeline stack -> cdk-nag.
 * @throws ConfigError when the config file is missing or invalid (the message names the field path).
 */
export function buildApp(options: BuildAppOptions = {}): LifelineApp {
  const app = new App({ context: { ...options.context }, outdir: options.outdir });
  const contextPath: unknown = app.node.tryGetContext('config');
  const configPath =
    typeof contextPath === 'string' ? contextPath : (options.configPath ?? DEFAULT_CONFIG_PATH);
  const loadedConfig = options.loadedConfig ?? loadConfigFile(configPath);
  const { config } = loadedConfig;

  const env = { region: config.region, account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT };
  const data = new DataStack(app, `${config.appName}Data`, {
    env,
    description:
      'Lifeline stateful resources: single table, feed bucket, event bus, send queue, unsubscribe key (retained on delete)',
    terminationProtection: true,
    feedRetentionDays: config.ingest.feedRetentionDays,
    quarantineRetentionDays: config.ingest.quarantineRetentionDays,
    eventBusName: config.appName.toLowerCase(),
    sendConsumerTimeout: SEND_EMAIL_TIMEOUT,
  });
  const pipeline = new PipelineStack(app, `${config.appName}Pipeline`, {
    env,
    description:
      'Lifeline stateless pipeline: nightly run and morning digest state machines, Lambdas, schedules, email sending and feedback, unsubscribe endpoint, alarms',
    table: data.table,
    feedBucket: data.feedBucket,
    eventBus: data.eventBus,
    sendQueue: data.sendQueue,
    unsubscribeSecret: data.unsubscribeSecret,
    loadedConfig,
  });
  Tags.of(app).add('Application', config.appName);

  // Order matters: wildcard acknowledgements must be recorded before cdk-nag reads them.
  if (options.nag ?? true)
    Validations.of(app).addPlugins(new WildcardAcknowledgements(), new AwsSolutionsChecks(app));
  return { app, loadedConfig, data, pipeline };
}
