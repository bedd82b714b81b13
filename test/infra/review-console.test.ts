import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { onlyResource, testApp } from './app-fixture';
import { partitionsFor, statementsOf, TABLE_WRITES } from './template-helpers';

/** The review console on AWS: site, API and authorizer, asserted on intent. */
describe('the review console stack resources', () => {
  const { pipeline, pipelineTemplate: template } = testApp();

  it('lets only invited, MFA-protected users into a pool with the marketing group', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'marketing' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
  });

  it('puts a Cognito JWT authorizer on every console API route: no anonymous access', () => {
    const api = pipeline.reviewConsole.httpApi;
    const apiId = pipeline.resolve(api.apiId);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (route) =>
        JSON.stringify((route as { Properties: { ApiId: unknown } }).Properties.ApiId) ===
        JSON.stringify(apiId),
    );
    expect(
      routes.map((route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey).sort(),
    ).toEqual(['GET /api/{proxy+}', 'POST /api/{proxy+}']);
    for (const route of routes) {
      expect((route as { Properties: Record<string, unknown> }).Properties).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: expect.anything(),
      });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('cognito-idp')])]),
        }),
        Audience: [Match.anyValue()],
      },
    });
  });

  it('serves the site from a private bucket through CloudFront with security headers, and /api/* uncached', () => {
    const distribution = onlyResource(template, 'AWS::CloudFront::Distribution') as {
      DistributionConfig: {
        DefaultCacheBehavior: Record<string, unknown>;
        CacheBehaviors: Record<string, unknown>[];
        CustomErrorResponses: unknown[];
        Logging: unknown;
      };
    };
    const config = distribution.DistributionConfig;
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/api/*',
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      }),
    ]);
    expect(config.CustomErrorResponses).toContainEqual(
      expect.objectContaining({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
    );
    expect(config.Logging).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const headers = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy') as {
      ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> };
    };
    const security = headers.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(JSON.stringify(security.ContentSecurityPolicy)).toContain("script-src 'self'");
    expect(JSON.stringify(security.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000 });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    const site = pipeline.resolve(pipeline.reviewConsole.siteBucket.bucketName);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.anyValue(),
    });
    expect(site).toEqual({ Ref: expect.stringMatching(/^ReviewConsoleSite/) });
  });

  it('gives the console Lambda its group and queue, and writes only reviews, ledgers, switches and audit', () => {
    const fn = pipeline.functions.consoleApi;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('review console API'),
      Environment: {
        Variables: Match.objectLike({ CONSOLE_GROUP: 'marketing', SEND_QUEUE_URL: Match.anyValue() }),
      },
    });
    const statements = statementsOf(template, pipeline, fn.function.role ?? fn.function);
    expect(partitionsFor(statements, 'dynamodb:UpdateItem')).toHaveLength(1);
    for (const action of TABLE_WRITES) {
      for (const prefixes of partitionsFor(statements, action)) {
        expect(prefixes?.sort()).toEqual(['AUDIT#*', 'CONSOLE*', 'RECIPIENT#*', 'TENANT#*']);
      }
    }
    expect(partitionsFor(statements, 'dynamodb:GetItem')).not.toContainEqual(null);
  });
});
