import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-design';
import { loadedConfig, onlyResource, testApp } from './app-fixture';

describe('data stack', () => {
  const { dataTemplate: template } = testApp();
  const { ingest } = loadedConfig().config;

  describe('table', () => {
    it('survives deletes and accidents: retained, deletion-protected, point-in-time recovery', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          Replicas: [
            Match.objectLike({
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            }),
          ],
        }),
      });
    });

    it('is on-demand and encrypted', () => {
      const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    });

    it('has exactly the key schema of TABLE_KEYS, including the shard index', () => {
      const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
      expect(table.KeySchema).toEqual([
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ]);
      expect(table.GlobalSecondaryIndexes).toEqual([
        {
          IndexName: TABLE_KEYS.shardIndex.name,
          KeySchema: [
            { AttributeName: TABLE_KEYS.shardIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_KEYS.shardIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]);
      const keyNames = [
        TABLE_KEYS.partitionKey,
        TABLE_KEYS.sortKey,
        TABLE_KEYS.shardIndex.partitionKey,
        TABLE_KEYS.shardIndex.sortKey,
      ];
      expect(table.AttributeDefinitions).toEqual(
        expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
      );
    });
  });

  describe('feed bucket', () => {
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: Match.anyValue() },
    });
    const [feedBucketId, feedBucket] = Object.entries(buckets)[0] ?? [];
    const properties = (feedBucket as { Properties: Record<string, unknown> } | undefined)?.Properties ?? {};

    it('is private, encrypted, versioned and retained', () => {
      expect(Object.keys(buckets)).toHaveLength(1);
      expect(feedBucket).toMatchObject({ DeletionPolicy: 'Retain' });
      expect(properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    });

    it('denies every request that is not over TLS', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: feedBucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('logs access to a separate bucket', () => {
      const logging = properties.LoggingConfiguration as { DestinationBucketName: { Ref: string } };
      expect(logging).toMatchObject({ LogFilePrefix: 'feed-bucket/' });
      expect(logging.DestinationBucketName.Ref).not.toBe(feedBucketId);
      expect(template.findResources('AWS::S3::Bucket')).toHaveProperty(logging.DestinationBucketName.Ref);
    });

    it('expires raw feeds, landed pages and quarantine on the configured schedules', () => {
      const rules = (properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
      const byPrefix = (prefix: string) => rules.find((rule) => rule.Prefix === prefix);
      expect(byPrefix('feeds/')).toMatchObject({
        Status: 'Enabled',
        ExpirationInDays: ingest.feedRetentionDays,
      });
      expect(byPrefix('landing/')).toMatchObject({
        Status: 'Enabled',
        ExpirationInDays: ingest.feedRetentionDays,
      });
      expect(byPrefix('quarantine/')).toMatchObject({
        Status: 'Enabled',
        ExpirationInDays: ingest.quarantineRetentionDays,
      });
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
          expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ]),
      );
    });
  });

  it('rejects retention periods that are not whole days at synth', () => {
    const raw = loadedConfig();
    expect(() =>
      testApp({
        loadedConfig: {
          ...raw,
          config: { ...raw.config, ingest: { ...raw.config.ingest, feedRetentionDays: 0 } },
        },
      }),
    ).toThrow(/feedRetentionDays must be a whole number of days >= 1, got 0/);
  });
});
