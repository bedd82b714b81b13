import { Duration, Validations } from 'aws-cdk-lib';
import type { IGrantable, IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

/** Properties of a {@link LifelineFunction}. */
export interface LifelineFunctionProps {
  /** Absolute path of the TypeScript handler module. */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** POWERTOOLS_SERVICE_NAME: the name logs, metrics and traces are grouped under. */
  readonly serviceName: string;
  /** Days the function's log group keeps logs (one of CloudWatch's allowed retention values). */
  readonly logRetentionDays: number;
  /**
   * Memory in MB; on Lambda it also buys CPU.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /** Extra environment variables; the house ones (NODE_OPTIONS, POWERTOOLS_SERVICE_NAME) are always set. */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Exported handler name.
   * @default 'handler'
   */
  readonly handler?: string;
  /**
   * Compile-time constants for the bundle (esbuild `define`): expression -> JavaScript literal,
   * e.g. `{ 'process.env.LIFELINE_CONFIG': JSON.stringify(json) }` for data too large for the
   * 4 KB Lambda environment. Part of the code, so a change redeploys the function.
   */
  readonly define?: Readonly<Record<string, string>>;
  /**
   * Give asynchronous invocations (events, not Step Functions tasks) a dead-letter queue.
   * @default false
   */
  readonly asyncDeadLetterQueue?: boolean;
}

const ALLOWED_RETENTION = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'),
);

// ESM bundles have no `require`; some dependencies still call it for Node built-ins.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __lifelineCreateRequire } from 'node:module'; const require = __lifelineCreateRequire(import.meta.url);";

/**
 * The one place the Lambda house defaults live: Node.js 24 on arm64, ESM bundle with source maps
 * built by the locally installed esbuild (no Docker), X-Ray active tracing, its own log group with
 * retention, and a role that may write only to that log group (not AWSLambdaBasicExecutionRole,
 * which may create and write any log group in the account).
 */
export class LifelineFunction extends Construct implements IGrantable {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: LifelineFunctionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 512;
    const timeout = props.timeout ?? Duration.seconds(30);
    checkProps(this.node.path, props, memorySize, timeout);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetentionDays as RetentionDays });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: ${props.description}`.slice(0, 1000),
    });
    this.logGroup.grantWrite(this.role);

    this.deadLetterQueue = props.asyncDeadLetterQueue
      ? new DeadLetterQueue(this, 'AsyncDlq', { purpose: `failed async invocations of ${props.serviceName}` })
          .queue
      : undefined;

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      deadLetterQueue: this.deadLetterQueue,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        ...(props.define ? { define: { ...props.define } } : {}),
        forceDockerBundling: false,
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
  }

  get grantPrincipal(): IPrincipal {
    return this.role;
  }
}

function checkProps(path: string, props: LifelineFunctionProps, memorySize: number, timeout: Duration): void {
  const problems: string[] = [];
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
    problems.push(`memorySize must be an integer between 128 and 10240 MB, got ${memorySize}`);
  }
  const seconds = timeout.toSeconds();
  if (seconds < 1 || seconds > 900)
    problems.push(`timeout must be between 1 second and 15 minutes, got ${seconds}s`);
  if (!ALLOWED_RETENTION.has(props.logRetentionDays)) {
    problems.push(`logRetentionDays ${props.logRetentionDays} is not a CloudWatch Logs retention value`);
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(props.serviceName)) {
    problems.push(`serviceName must be 1-64 letters, digits, _ or -, got "${props.serviceName}"`);
  }
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
}
