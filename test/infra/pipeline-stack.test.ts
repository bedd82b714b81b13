import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { exampleConfig, loadedConfig, onlyResource, testApp } from './app-fixture';
import {
  actionsOf,
  logicalIdOf,
  resourcesFor,
  stateMachineDefinition,
  statementsOf,
  successPath,
} from './template-helpers';

describe('pipeline stack', () => {
  const { pipeline, pipelineTemplate: template, data } = testApp();
  const { config } = loadedConfig();
  const nightlyId = logicalIdOf(pipeline, pipeline.nightlyRun.stateMachine);
  const definition = stateMachineDefinition(template, nightlyId);
  const states = definition.States;

  describe('nightly run state machine', () => {
    it('logs every event with execution data and traces with X-Ray, like every Lifeline state machine', () => {
      const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
      expect(machines).toHaveLength(2);
      for (const machine of machines) {
        expect(machine.Properties.LoggingConfiguration).toMatchObject({
          Level: 'ALL',
          IncludeExecutionData: true,
        });
        expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
      }
      expect(definition.QueryLanguage).toBe('JSONata');
      expect(definition.TimeoutSeconds).toBe(8 * 3600);
    });

    it('prepares, lands http sources, ingests tenants before metrics, trains, scores, plans, then finalizes', () => {
      expect(successPath(definition)).toEqual([
        'PrepareRun',
        'Begin landing usage-api',
        'Land usage-api',
        'Landed all of usage-api?',
        'Ingest tenants-drop',
        'Ingest metrics-drop',
        'Ingest usage-api',
        'PrepareScoring',
        'Score shards',
        'Plan shards',
        'FinalizeRun',
        'Run succeeded',
      ]);
    });

    it('loops the land task until it reports done', () => {
      const choice = states['Landed all of usage-api?'];
      expect(choice?.Choices?.[0]?.Condition).toBe('{% $states.input.done %}');
      expect(choice?.Default).toBe('Land usage-api');
    });

    it('ingests each source with a Distributed Map over tonight’s S3 objects', () => {
      const sources = config.sources.filter((source) => source.type !== 'file');
      for (const source of sources) {
        const map = states[`Ingest ${source.id}`];
        expect(map?.Type).toBe('Map');
        expect(map?.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
        expect(map?.MaxConcurrency).toBe(config.ingest.maxConcurrentPages);
        expect(map?.ItemReader?.Resource).toMatch(/:states:::s3:listObjectsV2$/);
        expect(map?.ItemSelector).toEqual({
          runId: '{% $states.input.runId %}',
          sourceId: source.id,
          bucket: '<ref>',
          key: '{% $states.context.Map.Item.Value.Key %}',
        });
        expect(map?.ResultWriter).toBeDefined();
      }
      expect(states['Ingest tenants-drop']?.ItemReader?.Arguments.Prefix).toBe(
        '{% "feeds/tenants/" & $states.input.runDate & "/" %}',
      );
      expect(states['Ingest usage-api']?.ItemReader?.Arguments.Prefix).toBe(
        '{% "landing/" & $states.input.runId & "/usage-api/" %}',
      );
    });

    it('retries Lambda service errors with backoff and jitter', () => {
      const processor = states['Ingest tenants-drop']?.ItemProcessor;
      const ingestTask = processor?.States[processor.StartAt];
      expect(ingestTask?.Retry).toEqual([
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']),
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        }),
      ]);
    });

    it('routes every failure after PrepareRun to FinalizeRun with failed: true, then to a Fail state', () => {
      const guarded = successPath(definition).filter(
        (name) => ['Task', 'Map'].includes(states[name]?.Type ?? '') && name !== 'PrepareRun',
      );
      expect(guarded).toHaveLength(8);
      for (const name of guarded) {
        expect(states[name]?.Catch).toEqual([
          expect.objectContaining({
            ErrorEquals: ['States.ALL'],
            Next: 'FinalizeFailedRun',
            Output: expect.objectContaining({ failed: true, error: '{% $states.errorOutput %}' }),
          }),
        ]);
      }
      const recordFailure = states.FinalizeFailedRun;
      expect(recordFailure?.Next).toBe('Run failed');
      expect(recordFailure?.Catch?.[0]?.Next).toBe('Run failed');
      expect(states['Run failed']?.Type).toBe('Fail');
    });

    it('may invoke only the seven nightly-run functions, not the email senders, endpoints or digest', () => {
      const statements = statementsOf(template, pipeline, pipeline.nightlyRun.stateMachine.role);
      const {
        sendEmail,
        emailEvents,
        unsubscribe,
        digestCsms,
        digestCollect,
        digestSend,
        consoleApi,
        ...nightly
      } = pipeline.functions;
      const functions = Object.values(nightly).map((fn) => logicalIdOf(pipeline, fn.function));
      expect(functions).toHaveLength(7);
      const invokable = resourcesFor(statements, 'lambda:InvokeFunction');
      // Each function and its versions (<arn>:*).
      expect(invokable).toHaveLength(2 * functions.length);
      for (const resource of invokable) {
        expect(functions.some((id) => resource.includes(`"${id}"`))).toBe(true);
      }
      for (const fn of [
        sendEmail,
        emailEvents,
        unsubscribe,
        digestCsms,
        digestCollect,
        digestSend,
        consoleApi,
      ]) {
        expect(invokable.join()).not.toContain(`"${logicalIdOf(pipeline, fn.function)}"`);
      }
      expect(actionsOf(statements)).not.toContain('*');
    });

    it('lists the feed bucket and starts its own map runs', () => {
      const statements = statementsOf(template, pipeline, pipeline.nightlyRun.stateMachine.role);
      expect(resourcesFor(statements, 's3:ListBucket')).toHaveLength(1);
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'states:StartExecution',
              Resource: { Ref: logicalIdOf(pipeline, pipeline.nightlyRun.stateMachine) },
            }),
          ]),
        },
      });
    });
  });

  describe('lambdas', () => {
    it('all run Node.js 24 on arm64 with active tracing, own log group and the run environment', () => {
      // CDK's own BucketDeployment copier (the console site upload) is not one of ours.
      const functions = Object.fromEntries(
        Object.entries(template.findResources('AWS::Lambda::Function')).filter(
          ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
        ),
      );
      expect(Object.keys(functions)).toHaveLength(Object.keys(pipeline.functions).length);
      for (const fn of Object.values(functions)) {
        expect(fn).toMatchObject({
          Properties: {
            Runtime: 'nodejs24.x',
            Architectures: ['arm64'],
            TracingConfig: { Mode: 'Active' },
            LoggingConfig: { LogGroup: expect.anything() },
            Environment: {
              Variables: expect.objectContaining({
                NODE_OPTIONS: '--enable-source-maps',
                POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^lifeline-/),
                POWERTOOLS_METRICS_NAMESPACE: 'Lifeline',
                CONFIG_VERSION: loadedConfig().configVersion,
                TENANT_SHARDS: String(config.storage.tenantShards),
                NIGHTLY_TIME_ZONE: config.schedules.nightlyRun.timezone,
                LIFELINE_SOURCES: JSON.stringify(config.sources.filter((source) => source.type !== 'file')),
                TABLE_NAME: expect.anything(),
                FEED_BUCKET: expect.anything(),
              }),
            },
          },
        });
      }
      template.allResourcesProperties('AWS::Logs::LogGroup', {
        RetentionInDays: config.operations.logRetentionDays,
      });
    });

    it('ingest-page reads feeds and landed pages, writes quarantine and table items', () => {
      const statements = statementsOf(template, pipeline, pipeline.functions.ingestPage.role);
      const tableId = logicalIdOf(data, data.table);
      for (const action of [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:Query',
      ]) {
        const resources = resourcesFor(statements, action);
        expect(resources).toHaveLength(1);
        expect(resources[0]).toContain(tableId);
        expect(resources[0]).not.toContain('/index/');
      }
      expect(resourcesFor(statements, 's3:GetObject').join()).toMatch(/feeds\/\*.*landing\/\*/);
      expect(resourcesFor(statements, 's3:PutObject').join()).toMatch(/quarantine\/\*/);
      expect(resourcesFor(statements, 's3:PutObject').join()).not.toMatch(/feeds\//);
    });

    it('land-http-pages cannot touch the table and writes only landed pages', () => {
      const statements = statementsOf(template, pipeline, pipeline.functions.landHttpPages.role);
      expect(actionsOf(statements).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
      expect(resourcesFor(statements, 's3:PutObject').join()).toMatch(/"\/landing\/\*"/);
      expect(resourcesFor(statements, 's3:GetObject')).toEqual([]);
      expect(resourcesFor(statements, 'secretsmanager:GetSecretValue').join()).toContain(
        ':secret:lifeline/usage-api-token-??????',
      );
    });

    it('prepare-run gets no data access', () => {
      const actions = actionsOf(statementsOf(template, pipeline, pipeline.functions.prepareRun.role));
      expect(actions.filter((action) => /^(dynamodb|s3|secretsmanager):/.test(action))).toEqual([]);
    });

    it('no Lambda role carries an AWS managed policy', () => {
      for (const fn of Object.values(pipeline.functions)) {
        const role = template.findResources('AWS::IAM::Role')[logicalIdOf(pipeline, fn.role)];
        expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('schedule', () => {
    it('starts the run by cron in the configured time zone, with retries and a dead-letter queue', () => {
      const schedule = template.findResources('AWS::Scheduler::Schedule')[
        logicalIdOf(pipeline, pipeline.schedule.schedule)
      ]?.Properties as Record<string, unknown>;
      const dlqId = logicalIdOf(pipeline, pipeline.schedule.deadLetterQueue);
      expect(schedule).toMatchObject({
        ScheduleExpression: `cron(${config.schedules.nightlyRun.cron})`,
        ScheduleExpressionTimezone: config.schedules.nightlyRun.timezone,
        State: 'ENABLED',
        Target: {
          Arn: { Ref: nightlyId },
          RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        },
      });
      expect(JSON.parse((schedule.Target as { Input: string }).Input)).toEqual({
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
    });

    it('keeps its dead letters encrypted and reachable over TLS only', () => {
      const dlqId = logicalIdOf(pipeline, pipeline.schedule.deadLetterQueue);
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('is created disabled when the config says so', () => {
      const raw = exampleConfig();
      const schedules = raw.schedules as { nightlyRun: Record<string, unknown> };
      schedules.nightlyRun.enabled = false;
      const disabled = testApp({ loadedConfig: loadedConfig(raw) });
      disabled.pipelineTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
        Description: Match.stringLikeRegexp('nightly run'),
        State: 'DISABLED',
      });
    });
  });

  describe('operations', () => {
    it('alarms on failed and timed-out runs and digests, every dead-letter queue, a stuck send queue, digest bounces and every Lambda error', () => {
      const topicId = logicalIdOf(pipeline, pipeline.operations.topic);
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
        (alarm) =>
          (alarm as { Properties: { MetricName: string; Namespace: string; AlarmActions: unknown[] } })
            .Properties,
      );
      const lambdaErrors = Object.keys(pipeline.functions).map(() => 'AWS/Lambda/Errors');
      // Dead letters of both schedules, the send queue, the SES event rule and email-events itself.
      const deadLetters = Array.from({ length: 5 }, () => 'AWS/SQS/ApproximateNumberOfMessagesVisible');
      expect(alarms.map((alarm) => `${alarm.Namespace}/${alarm.MetricName}`).sort()).toEqual([
        ...lambdaErrors,
        'AWS/SES/Bounce',
        'AWS/SES/Complaint',
        'AWS/SQS/ApproximateAgeOfOldestMessage',
        ...deadLetters,
        // Nightly run and morning digest.
        'AWS/States/ExecutionsFailed',
        'AWS/States/ExecutionsFailed',
        'AWS/States/ExecutionsTimedOut',
        'AWS/States/ExecutionsTimedOut',
      ]);
      for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    });

    it('encrypts the alarm topic with a key CloudWatch may use', () => {
      const topic = onlyResource(template, 'AWS::SNS::Topic');
      expect(topic.KmsMasterKeyId).toBeDefined();
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
          ]),
        },
      });
    });

    it('subscribes the alarm email when one is configured', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      const raw = exampleConfig();
      raw.operations = { alarmEmail: 'ops@example.com' };
      const withEmail = testApp({ loadedConfig: loadedConfig(raw) });
      withEmail.pipelineTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
    });

    it('outputs what an operator needs', () => {
      expect(Object.keys(template.findOutputs('*'))).toEqual(
        expect.arrayContaining(['StateMachineArn', 'DigestStateMachineArn', 'AlarmTopicArn']),
      );
      expect(Object.keys(testApp().dataTemplate.findOutputs('*'))).toEqual(
        expect.arrayContaining(['TableName', 'FeedBucketName']),
      );
    });
  });

  describe('synth-time checks', () => {
    it('rejects an s3 source outside feeds/', () => {
      const raw = exampleConfig();
      const sources = raw.sources as Record<string, unknown>[];
      sources[0] = { ...sources[0], prefix: 'drops/tenants/' };
      expect(() => testApp({ loadedConfig: loadedConfig(raw) })).toThrow(
        /source "tenants-drop": prefix "drops\/tenants\/" must start with "feeds\/"/,
      );
    });

    it('rejects a source id that cannot name a state or an S3 key segment', () => {
      const raw = exampleConfig();
      const sources = raw.sources as Record<string, unknown>[];
      sources[2] = { ...sources[2], id: 'usage api/v1' };
      expect(() => testApp({ loadedConfig: loadedConfig(raw) })).toThrow(
        /source "usage api\/v1": id must be/,
      );
    });
  });
});
