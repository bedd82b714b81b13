import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EXPIRES_AT } from '../../lambdas/adapters/dynamodb/campaign-keys';
import { senderConcurrency } from '../../lib/constructs/email-sender';
import { SendQueue } from '../../lib/constructs/send-queue';
import { DataStack } from '../../lib/stacks/data-stack';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { CDK_JSON_CONTEXT, exampleConfig, loadedConfig, onlyResource, testApp } from './app-fixture';
import {
  actionsOf,
  firstReferenceIn,
  logicalIdOf,
  partitionsFor,
  resourcesFor,
  type Statement,
  stateMachineDefinition,
  statementsOf,
  TABLE_READS,
  TABLE_WRITES,
} from './template-helpers';

const SES_EVENT_TYPES = [
  'send',
  'delivery',
  'bounce',
  'complaint',
  'reject',
  'open',
  'click',
  'renderingFailure',
];

interface PolicyProperties {
  readonly Roles: unknown[];
  readonly PolicyDocument: { Statement: Statement[] };
}

describe('plays and email on AWS', () => {
  const { pipeline, pipelineTemplate: template, data, dataTemplate } = testApp();
  const { config } = loadedConfig();
  const { sendEmail, planShard, emailEvents, unsubscribe } = pipeline.functions;
  const lambda = (fn: { function: object }) =>
    template.findResources('AWS::Lambda::Function')[logicalIdOf(pipeline, fn.function as never)]
      ?.Properties as { Timeout: number; Environment: { Variables: Record<string, unknown> } };
  const sendQueueId = logicalIdOf(data, data.sendQueue.queue);
  const queues = dataTemplate.findResources('AWS::SQS::Queue');
  const sendQueue = queues[sendQueueId] as {
    DeletionPolicy: string;
    Properties: {
      VisibilityTimeout: number;
      MessageRetentionPeriod: number;
      SqsManagedSseEnabled: boolean;
      RedrivePolicy: { deadLetterTargetArn: unknown; maxReceiveCount: number };
    };
  };

  describe('plan stage', () => {
    const nightlyId = logicalIdOf(pipeline, pipeline.nightlyRun.stateMachine);
    const states = stateMachineDefinition(template, nightlyId).States;

    it('plans every shard with a Distributed Map once the score map is done, then finalizes', () => {
      expect(states['Score shards']?.Next).toBe('Plan shards');
      const map = states['Plan shards'];
      expect(map?.Type).toBe('Map');
      expect(map?.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
      expect(map?.Items).toBe(`{% [0..${config.storage.tenantShards - 1}] %}`);
      expect(map?.MaxConcurrency).toBe(config.scoring.maxConcurrentShards);
      expect(map?.ItemSelector).toEqual({
        runId: '{% $states.input.runId %}',
        runDate: '{% $states.input.runDate %}',
        shard: '{% $states.context.Map.Item.Value %}',
      });
      expect(map?.ResultWriter).toBeDefined();
      expect(map?.Next).toBe('FinalizeRun');
      expect(map?.Catch).toEqual([
        expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'FinalizeFailedRun' }),
      ]);
    });

    it('invokes plan-shard per shard, retrying Lambda service errors', () => {
      const processor = states['Plan shards']?.ItemProcessor;
      const task = processor?.States[processor.StartAt];
      expect(task?.Arguments?.FunctionName).toBe('<ref>');
      expect(firstReferenceIn(template, nightlyId, 'Plan shard')).toEqual({
        'Fn::GetAtt': [logicalIdOf(pipeline, planShard.function), 'Arn'],
      });
      expect(task?.Arguments?.Payload).toBe('{% $states.input %}');
      expect(task?.Retry).toEqual([
        expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.ServiceException']) }),
      ]);
    });
  });

  describe('send queue', () => {
    it('is encrypted, TLS-only and retained with its dead-letter queue', () => {
      expect(sendQueue.Properties.SqsManagedSseEnabled).toBe(true);
      expect(sendQueue.DeletionPolicy).toBe('Retain');
      const dlqId = logicalIdOf(data, data.sendQueue.deadLetterQueue);
      expect(sendQueue.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({
        'Fn::GetAtt': [dlqId, 'Arn'],
      });
      expect(queues[dlqId]).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { SqsManagedSseEnabled: true },
      });
      for (const id of [sendQueueId, dlqId]) {
        dataTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });

    it('hides a message at least six times the send function timeout', () => {
      expect(sendQueue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * lambda(sendEmail).Timeout);
      // The sender's claim expires with the receive that made it.
      expect(lambda(sendEmail).Environment.Variables.CLAIM_TIMEOUT_SECONDS).toBe(
        String(sendQueue.Properties.VisibilityTimeout),
      );
    });

    it('dead-letters only after a weekend of send-window deferrals (12 h per receive) plus retries', () => {
      const weekendReceives = Math.ceil(72 / 12);
      expect(sendQueue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(weekendReceives + 3);
      // Queued messages outlive the wait; dead letters outlive the queue (they keep their enqueue time).
      expect(sendQueue.Properties.MessageRetentionPeriod).toBeGreaterThan(72 * 3600);
      const dlq = queues[logicalIdOf(data, data.sendQueue.deadLetterQueue)] as {
        Properties: { MessageRetentionPeriod: number };
      };
      expect(dlq.Properties.MessageRetentionPeriod).toBeGreaterThan(
        sendQueue.Properties.MessageRetentionPeriod,
      );
    });

    it('refuses a consumer timeout whose six-fold passes the 12-hour visibility limit', () => {
      const stack = new Stack(new App(), 'Queues');
      expect(() => new SendQueue(stack, 'Q', { consumerTimeout: Duration.hours(3) })).toThrow(
        /at most 12 hours/,
      );
      expect(() => new SendQueue(stack, 'R', { consumerTimeout: Duration.hours(2) })).not.toThrow();
    });

    it('refuses a pipeline whose send function outlives a sixth of the queue visibility', () => {
      const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
      const shortQueue = new DataStack(app, 'Data', dataProps(Duration.seconds(20)));
      expect(
        () =>
          new PipelineStack(app, 'Pipeline', {
            table: shortQueue.table,
            feedBucket: shortQueue.feedBucket,
            eventBus: shortQueue.eventBus,
            sendQueue: shortQueue.sendQueue,
            unsubscribeSecret: shortQueue.unsubscribeSecret,
            loadedConfig: loadedConfig(),
          }),
      ).toThrow(/visibility timeout \(120s\) must be at least 6x send-email's timeout \(360s\)/);
    });
  });

  describe('sender', () => {
    const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping');

    it('consumes the send queue in batches with partial failures, concurrency capped from the SES rate', () => {
      expect(mapping).toMatchObject({
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FunctionName: { Ref: logicalIdOf(pipeline, sendEmail.function) },
        ScalingConfig: { MaximumConcurrency: senderConcurrency(config.email.maxSendRate) },
      });
      expect(JSON.stringify(mapping.EventSourceArn)).toContain(sendQueueId);
    });

    it('derives concurrency as ceil(rate / 40) within the SQS bounds 2..1000', () => {
      expect([1, 10, 80, 81, 200, 1000].map(senderConcurrency)).toEqual([2, 2, 2, 3, 5, 25]);
      expect(senderConcurrency(100_000)).toBe(1000);
      const raw = exampleConfig();
      raw.email = { ...(raw.email as object), maxSendRate: 400 };
      const fast = onlyResource(
        testApp({ loadedConfig: loadedConfig(raw) }).pipelineTemplate,
        'AWS::Lambda::EventSourceMapping',
      );
      expect(fast.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
    });

    it('bundles the config and knows its queue, configuration set, unsubscribe endpoint and key', () => {
      const variables = lambda(sendEmail).Environment.Variables;
      expect(JSON.stringify(variables.SEND_QUEUE_URL)).toContain(sendQueueId);
      expect(variables.CONFIGURATION_SET_NAME).toEqual({
        Ref: logicalIdOf(pipeline, pipeline.configurationSets.plays),
      });
      expect(JSON.stringify(variables.UNSUBSCRIBE_SECRET_ARN)).toContain(
        logicalIdOf(data, data.unsubscribeSecret),
      );
      expect(variables.UNSUBSCRIBE_URL).toEqual({
        'Fn::Join': [
          '',
          [
            { 'Fn::GetAtt': [logicalIdOf(pipeline, pipeline.unsubscribeApi.httpApi), 'ApiEndpoint'] },
            '/unsubscribe',
          ],
        ],
      });
      expect(JSON.stringify(lambda(planShard).Environment.Variables.SEND_QUEUE_URL)).toContain(sendQueueId);
    });

    it('links to the configured unsubscribe base URL when there is one', () => {
      const raw = exampleConfig();
      raw.email = { ...(raw.email as object), unsubscribeBaseUrl: 'https://mail.example.com/unsubscribe' };
      const custom = testApp({ loadedConfig: loadedConfig(raw) });
      const fn =
        custom.pipelineTemplate.findResources('AWS::Lambda::Function')[
          logicalIdOf(custom.pipeline, custom.pipeline.functions.sendEmail.function)
        ];
      expect(fn?.Properties?.Environment?.Variables?.UNSUBSCRIBE_URL).toBe(
        'https://mail.example.com/unsubscribe',
      );
    });
  });

  describe('SES configuration sets and feedback', () => {
    const sets = template.findResources('AWS::SES::ConfigurationSet');
    const destinations = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'))
      .map(
        (resource) =>
          (resource as { Properties: Record<string, { EventBridgeDestination?: unknown }> }).Properties,
      )
      .filter((destination) => destination.EventDestination?.EventBridgeDestination);

    it('keeps plays and the CS digest apart, each with its own named set', () => {
      expect(
        Object.values(sets)
          .map((set) => set.Properties.Name)
          .sort(),
      ).toEqual(['lifeline-digest', 'lifeline-plays']);
      for (const set of Object.values(sets)) {
        expect(set.Properties).toMatchObject({
          ReputationOptions: { ReputationMetricsEnabled: true },
          SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
        });
      }
    });

    it('publishes every event Lifeline uses from both sets to the default EventBridge bus', () => {
      expect(destinations.map((destination) => destination.ConfigurationSetName).sort(byJson)).toEqual(
        Object.keys(sets)
          .map((id) => ({ Ref: id }))
          .sort(byJson),
      );
      for (const destination of destinations) {
        expect(destination.EventDestination).toEqual({
          Enabled: true,
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': [
                '',
                ['arn:aws:events:eu-west-1:', { Ref: 'AWS::AccountId' }, ':event-bus/default'],
              ],
            },
          },
          MatchingEventTypes: SES_EVENT_TYPES,
        });
      }
    });

    it("sends the plays set's SES events to email-events, with retries and a dead-letter queue", () => {
      const rule = onlyResource(template, 'AWS::Events::Rule') as {
        EventBusName?: unknown;
        EventPattern: { source: string[]; 'detail-type': string[]; detail: unknown };
        Targets: Record<string, unknown>[];
      };
      expect(rule.EventBusName).toBeUndefined();
      expect(rule.EventPattern.source).toEqual(['aws.ses']);
      expect(rule.EventPattern['detail-type']).toHaveLength(SES_EVENT_TYPES.length);
      expect(rule.EventPattern['detail-type']).toEqual(
        expect.arrayContaining(['Email Bounced', 'Email Complaint Received']),
      );
      expect(rule.EventPattern.detail).toEqual({
        mail: {
          tags: {
            'ses:configuration-set': [{ Ref: logicalIdOf(pipeline, pipeline.configurationSets.plays) }],
          },
        },
      });
      expect(rule.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalIdOf(pipeline, emailEvents.function), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(pipeline, pipeline.emailEventsRule.deadLetterQueue), 'Arn'] },
          },
          RetryPolicy: expect.objectContaining({ MaximumRetryAttempts: expect.any(Number) }),
        }),
      ]);
    });

    it('outputs both set names', () => {
      expect(Object.keys(template.findOutputs('*'))).toEqual(
        expect.arrayContaining([
          'PlaysConfigurationSetName',
          'DigestConfigurationSetName',
          'SendEventSourceMappingId',
        ]),
      );
    });
  });

  describe('unsubscribe endpoint', () => {
    const apiId = logicalIdOf(pipeline, pipeline.unsubscribeApi.httpApi);
    /** The one resource of `type` on the unsubscribe API (the review console has its own HTTP API). */
    const onUnsubscribeApi = (type: string): Record<string, unknown> => {
      const matching = Object.values(template.findResources(type))
        .map((resource) => (resource as { Properties: Record<string, unknown> }).Properties)
        .filter((properties) => JSON.stringify(properties.ApiId) === JSON.stringify({ Ref: apiId }));
      expect(matching).toHaveLength(1);
      return matching[0] as Record<string, unknown>;
    };

    it('routes GET and POST /unsubscribe to the unsubscribe Lambda (payload 2.0), and nothing else', () => {
      const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
        .map((route) => (route as { Properties: { RouteKey: string; ApiId: unknown } }).Properties)
        // The review console's API is another HTTP API in the stack.
        .filter((route) => JSON.stringify(route.ApiId) === JSON.stringify({ Ref: apiId }));
      expect(routes.map((route) => route.RouteKey).sort()).toEqual(['GET /unsubscribe', 'POST /unsubscribe']);
      for (const route of routes) expect(route.ApiId).toEqual({ Ref: apiId });
      const integration = onUnsubscribeApi('AWS::ApiGatewayV2::Integration');
      expect(integration).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(pipeline, unsubscribe.function), 'Arn'] },
      });
    });

    it('logs access without the query string (it carries the token) and throttles', () => {
      const stage = onUnsubscribeApi('AWS::ApiGatewayV2::Stage') as {
        StageName: string;
        AccessLogSettings: { DestinationArn: unknown; Format: string };
        DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
      };
      expect(stage.StageName).toBe('$default');
      expect(stage.AccessLogSettings.DestinationArn).toEqual({
        'Fn::GetAtt': [logicalIdOf(pipeline, pipeline.unsubscribeApi.accessLogs), 'Arn'],
      });
      const fields = Object.values(JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>);
      expect(fields).toEqual(
        expect.arrayContaining(['$context.requestId', '$context.status', '$context.routeKey']),
      );
      expect(fields.join()).not.toMatch(/querystring|\$context\.path|\$request/i);
      expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThanOrEqual(
        stage.DefaultRouteSettings.ThrottlingRateLimit,
      );
    });

    it('outputs its URL', () => {
      expect(template.findOutputs('UnsubscribeUrl').UnsubscribeUrl?.Value).toEqual({
        'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/unsubscribe']],
      });
    });
  });

  describe('stateful parts in the data stack', () => {
    it('expires send ledger and idempotency items by the expiresAt attribute', () => {
      const table = onlyResource(dataTemplate, 'AWS::DynamoDB::GlobalTable');
      expect(table.TimeToLiveSpecification).toEqual({ AttributeName: EXPIRES_AT, Enabled: true });
    });

    it('keeps a generated 48-character HMAC key for the unsubscribe tokens', () => {
      dataTemplate.hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
        }),
      });
      expect(Object.keys(dataTemplate.findOutputs('*'))).toEqual(
        expect.arrayContaining(['SendQueueUrl', 'SendDeadLetterQueueUrl']),
      );
    });
  });

  describe('least privilege', () => {
    const statements = (fn: { role: object }) => statementsOf(template, pipeline, fn.role as never);
    const tableId = logicalIdOf(data, data.table);

    it('lets only send-email and unsubscribe read the unsubscribe key', () => {
      const secretId = logicalIdOf(data, data.unsubscribeSecret);
      const readers = Object.values(template.findResources('AWS::IAM::Policy'))
        .map((policy) => (policy as { Properties: PolicyProperties }).Properties)
        .filter((policy) =>
          resourcesFor(policy.PolicyDocument.Statement, 'secretsmanager:GetSecretValue').some((resource) =>
            resource.includes(secretId),
          ),
        )
        .flatMap((policy) => policy.Roles);
      expect(readers.sort(byJson)).toEqual(
        [sendEmail, unsubscribe].map((fn) => ({ Ref: logicalIdOf(pipeline, fn.role) })).sort(byJson),
      );
    });

    it('plan-shard writes only tenant, recipient and run items, queries the shard index by name and only sends to the queue', () => {
      const planning = statements(planShard);
      for (const action of TABLE_WRITES)
        expect(partitionsFor(planning, action)).toEqual([['TENANT#*', 'RECIPIENT#*', 'RUN#*']]);
      const queries = resourcesFor(planning, 'dynamodb:Query');
      expect(queries.every((resource) => resource.includes(tableId))).toBe(true);
      expect(queries.join()).toContain('/index/GSI1');
      expect(queries.join()).not.toContain('/index/*');
      expect(resourcesFor(planning, 'sqs:SendMessage')).toEqual([expect.stringContaining(sendQueueId)]);
      expect(actionsOf(planning)).not.toContain('sqs:ReceiveMessage');
      expect(actionsOf(planning).some((action) => action.startsWith('ses:'))).toBe(false);
    });

    it('send-email reads campaigns, recipients and its idempotency records, writes only campaigns and idempotency records', () => {
      const sending = statements(sendEmail);
      for (const action of TABLE_READS) {
        expect(partitionsFor(sending, action)).toEqual([['TENANT#*', 'RECIPIENT#*', 'IDEMPOTENCY#*']]);
      }
      for (const action of TABLE_WRITES)
        expect(partitionsFor(sending, action)).toEqual([['TENANT#*', 'IDEMPOTENCY#*']]);
      for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
        expect(resourcesFor(sending, action)).toEqual([expect.stringContaining(sendQueueId)]);
      }
    });

    it('send-email may send only with the plays configuration set from the configured sender, and only it and digest-send may send', () => {
      const resources = resourcesFor(statements(sendEmail), 'ses:SendEmail');
      expect(resources).toHaveLength(3);
      expect(resources[0]).toContain(
        `:configuration-set/",{"Ref":"${logicalIdOf(pipeline, pipeline.configurationSets.plays)}"}`,
      );
      expect(resources[1]).toContain(':identity/example.com"');
      expect(resources[2]).toContain(':identity/success@example.com"');
      expect(resources.join()).not.toContain('*');
      for (const [name, fn] of Object.entries(pipeline.functions)) {
        if (name === 'sendEmail' || name === 'digestSend') continue;
        expect(actionsOf(statements(fn)).filter((action) => action.startsWith('ses:'))).toEqual([]);
      }
    });

    it('email-events writes only tenant (engagement) and recipient (suppression) items and reads nothing', () => {
      const feedback = statements(emailEvents);
      for (const action of TABLE_WRITES)
        expect(partitionsFor(feedback, action)).toEqual([['TENANT#*', 'RECIPIENT#*']]);
      for (const action of TABLE_READS) expect(partitionsFor(feedback, action)).toEqual([]);
    });

    it('the public unsubscribe endpoint writes only recipient items and reads nothing', () => {
      const endpoint = statements(unsubscribe);
      for (const action of TABLE_WRITES) expect(partitionsFor(endpoint, action)).toEqual([['RECIPIENT#*']]);
      for (const action of TABLE_READS) expect(partitionsFor(endpoint, action)).toEqual([]);
      expect(actionsOf(endpoint).filter((action) => action.startsWith('dynamodb:'))).not.toContain(
        'dynamodb:DescribeTable',
      );
    });
  });
});

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

function dataProps(sendConsumerTimeout: Duration) {
  return {
    env: { region: 'eu-west-1' },
    feedRetentionDays: 30,
    quarantineRetentionDays: 30,
    eventBusName: 'lifeline',
    sendConsumerTimeout,
  };
}
