import { fileURLToPath } from 'node:url';
import {
  AssetHashType,
  CfnOutput,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, type HttpRoute, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RECIPIENT_PK_PREFIX } from '../../lambdas/adapters/dynamodb/campaign-keys';
import { AUDIT_PK_PREFIX, CONSOLE_PK } from '../../lambdas/adapters/dynamodb/console-store';
import { DIGEST_ENTRY_PK_PREFIX } from '../../lambdas/adapters/dynamodb/digest-store';
import { runPk, TABLE_KEYS, tenantPk } from '../../lambdas/adapters/dynamodb/table-design';
import { writeConsoleSite } from '../../web/build-site';
import type { SiteConfig } from '../../web/console/site-config';
import { grantIndexQuery, grantPartitionItems } from '../grants';
import { acknowledgeWildcardResources } from '../nag/wildcard-acknowledgements';
import type { LifelineFunction } from './lifeline-function';
import { loggedHttpApi } from './logged-http-api';

/** Properties of a {@link ReviewConsole}. */
export interface ReviewConsoleProps {
  /** The console API Lambda (lambdas/handlers/console-api.ts, payload format 2.0). */
  readonly handler: IFunction;
  /** The Cognito group whose members may use the console; the handler checks it too. */
  readonly group: string;
  /** Globally unique prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  readonly logRetentionDays: number;
  /**
   * Steady API requests per second; more get 429. A few marketers click, so a flood is abuse.
   * @default 20
   */
  readonly rateLimit?: number;
  /** @default 40 */
  readonly burstLimit?: number;
}

/** The Cognito group of the console's users (the handler's CONSOLE_GROUP). */
export const CONSOLE_GROUP = 'marketing';

const SITE_SOURCE = fileURLToPath(new URL('../../web/console/', import.meta.url));

/** What an API access log line records: who, which route, what answer (no bodies, no tokens). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  user: '$context.authorizer.claims.email',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The marketing review console on AWS: the static site (S3, private, behind CloudFront with
 * security headers), the API (HTTP API + the console Lambda) under the same CloudFront domain at
 * `/api/*`, and a Cognito user pool (admin-created users, MFA, a marketing group) whose tokens a
 * JWT authorizer checks on every API route. Nothing is reachable without a token of this pool.
 */
export class ReviewConsole extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly httpApi: HttpApi;
  readonly routes: readonly HttpRoute[];
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** https://<distribution domain>/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ReviewConsoleProps) {
    super(scope, id);
    // The account id is a token until deploy time: only a literal prefix can be checked here.
    const prefix = props.domainPrefix;
    if (
      !Token.isUnresolved(prefix) &&
      (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || prefix.includes('aws'))
    ) {
      throw new Error(
        `${this.node.path}: domainPrefix "${props.domainPrefix}" must be lowercase letters, digits and hyphens, without "aws"`,
      );
    }

    this.userPool = new UserPool(this, 'Users', {
      // Marketing users are invited by an admin; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnUserPoolGroup(this, 'Group', {
      userPoolId: this.userPool.userPoolId,
      groupName: props.group,
      description: 'May use the Lifeline review console (approve, skip, pause plays)',
    });
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    ({ httpApi: this.httpApi } = loggedHttpApi(this, {
      description: 'Lifeline review console API (Cognito JWT)',
      logRetentionDays: props.logRetentionDays,
      rateLimit: props.rateLimit ?? 20,
      burstLimit: props.burstLimit ?? 40,
      accessLogFields: ACCESS_LOG_FIELDS,
    }));

    const siteLogs = new Bucket(this, 'SiteLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(siteLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the console distribution and site bucket access logs; logging it to itself would loop.',
    });
    this.siteBucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: siteLogs,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Lifeline console: HSTS, CSP (own scripts only), no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'none'",
            "script-src 'self'",
            // Emails in the preview frames carry their own inline styles.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https:",
            `connect-src 'self' ${this.domain.baseUrl()}`,
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Lifeline review console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: siteLogs,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(
            `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`,
            { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY },
          ),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // The Authorization header and query strings reach the API; Host must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
      // Page paths (/plays, /tenants/<id>) are the single-page app: S3 answers 403 for them.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      preventUserExistenceErrors: true,
    });

    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId] },
    );
    this.routes = this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('Console', props.handler, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      }),
      authorizer,
    });

    const config: SiteConfig = {
      auth: { domain: this.domain.baseUrl(), clientId: this.client.userPoolClientId },
    };
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.siteBucket,
      sources: [
        Source.asset(SITE_SOURCE, {
          // Built at synth by esbuild, like the Lambdas: no Docker. The hash is the bundle's, so a
          // change anywhere in what it bundles redeploys the site.
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            image: DockerImage.fromRegistry('not-used'),
            local: {
              tryBundle(outputDir) {
                writeConsoleSite(outputDir);
                return true;
              },
            },
          },
        }),
        Source.jsonData('config.json', config),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
      logGroup: new LogGroup(this, 'DeployLogs', {
        retention: props.logRetentionDays as RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.acknowledgeFindings(deployment);

    new CfnOutput(this, 'ConsoleUrl', { value: this.url, description: 'The review console' });
    new CfnOutput(this, 'ConsoleUserPoolId', {
      value: this.userPool.userPoolId,
      description: `Console users: create them here and add them to the "${props.group}" group`,
    });
  }

  private acknowledgeFindings(deployment: BucketDeployment): void {
    // BucketDeployment's copy function is a stack-level singleton that CDK owns and configures.
    const copier = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (copier === undefined) throw new Error(`${deployment.node.path}: no BucketDeployment function found`);
    const why =
      'CDK BucketDeployment copy function (runs at deploy time only): CDK defines its role, runtime and S3 grants on the asset bucket and the site bucket.';
    Validations.of(copier).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: why,
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: why,
      })),
      { id: 'AwsSolutions-L1', reason: why },
    );
    acknowledgeWildcardResources(copier, /./, why);
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The console serves an internal team wherever it works; every API call needs a Cognito token of this pool.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static files and an API behind Cognito JWT with API Gateway throttling; a WAF web ACL can be attached per account policy.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate allows TLS 1.0 viewers; attach a custom domain certificate with TLSv1.2_2021 for production use.',
      },
    );
  }
}

/**
 * The console API reads tenants (profiles, scores, decisions, metric days for the dry run),
 * recipients (budgets), run records, digest entries and its own items, queries the night and
 * shard index, and writes only decisions (reviews), recipients' send ledgers, its switches and
 * its audit entries; approved sends go to the send queue.
 */
export function grantConsoleAccess(table: ITableV2, fn: LifelineFunction, sendQueue: IQueue): void {
  const tenants = tenantPk('');
  grantPartitionItems(table, fn, 'read', [
    tenants,
    RECIPIENT_PK_PREFIX,
    runPk(''),
    DIGEST_ENTRY_PK_PREFIX,
    CONSOLE_PK,
    AUDIT_PK_PREFIX,
  ]);
  grantPartitionItems(table, fn, 'write', [tenants, RECIPIENT_PK_PREFIX, CONSOLE_PK, AUDIT_PK_PREFIX]);
  grantIndexQuery(table, fn, TABLE_KEYS.shardIndex.name);
  sendQueue.grantSendMessages(fn);
}
