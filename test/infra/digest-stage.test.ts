import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { digestSendConcurrency } from '../../lib/constructs/morning-digest';
import { exampleConfig, loadedConfig, testApp } from './app-fixture';
import {
  type AslState,
  actionsOf,
  firstReferenceIn,
  logicalIdOf,
  partitionsFor,
  resourcesFor,
  stateMachineDefinition,
  statementsOf,
  successPath,
  TABLE_READS,
  TABLE_WRITES,
} from './template-helpers';

/** Evaluates a state's JSONata field the way Step Functions does, with `$states` bound. */
async function evaluate(field: unknown, states: Record<string, unknown>): Promise<unknown> {
  const match = /^\{%(.*)%\}$/s.exec(String(field));
  if (!match?.[1]) throw new Error(`not a JSONata field: ${String(field)}`);
  return jsonata(match[1]).evaluate({}, { states });
}

describe('CS morning digest on AWS', () => {
  const { pipeline, pipelineTemplate: template, data } = testApp();
  const { config } = loadedConfig();
  const { digestCsms, digestCollect, digestSend } = pipeline.functions;
  const digestId = logicalIdOf(pipeline, pipeline.morningDigest.stateMachine);
  const definition = stateMachineDefinition(template, digestId);
  const states = definition.States;
  const processorTask = (map: string): AslState | undefined => {
    const processor = states[map]?.ItemProcessor;
    return processor?.States[processor.StartAt];
  };
  const lambda = (fn: { function: object }) =>
    template.findResources('AWS::Lambda::Function')[logicalIdOf(pipeline, fn.function as never)]
      ?.Properties as { Timeout: number; Environment: { Variables: Record<string, unknown> } };

  describe('schedule', () => {
    const schedule = () =>
      template.findResources('AWS::Scheduler::Schedule')[
        logicalIdOf(pipeline, pipeline.digestSchedule.schedule)
      ]?.Properties;

    it('starts the digest state machine at the CS morning in its time zone, with retries and a dead-letter queue', () => {
      const dlqId = logicalIdOf(pipeline, pipeline.digestSchedule.deadLetterQueue);
      expect(schedule()).toMatchObject({
        ScheduleExpression: `cron(${config.digest.schedule.cron})`,
        ScheduleExpressionTimezone: config.digest.schedule.timezone,
        State: 'ENABLED',
        Target: {
          Arn: { Ref: digestId },
          RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        },
      });
      // The intended time: digest-csms turns it into the day before in the digest time zone.
      expect(JSON.parse(schedule()?.Target.Input)).toEqual({
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
      expect(lambda(digestCsms).Environment.Variables.DIGEST_TIME_ZONE).toBe(config.digest.schedule.timezone);
    });

    it('follows the config: its own cron and time zone, independent of the nightly run, and can be off', () => {
      const raw = exampleConfig();
      raw.digest = {
        ...(raw.digest as object),
        schedule: { cron: '30 7 ? * * *', timezone: 'America/New_York', enabled: false },
      };
      const varied = testApp({ loadedConfig: loadedConfig(raw) });
      const id = logicalIdOf(varied.pipeline, varied.pipeline.digestSchedule.schedule);
      expect(varied.pipelineTemplate.findResources('AWS::Scheduler::Schedule')[id]?.Properties).toMatchObject(
        {
          ScheduleExpression: 'cron(30 7 ? * * *)',
          ScheduleExpressionTimezone: 'America/New_York',
          State: 'DISABLED',
        },
      );
      const nightlyId = logicalIdOf(varied.pipeline, varied.pipeline.schedule.schedule);
      expect(
        varied.pipelineTemplate.findResources('AWS::Scheduler::Schedule')[nightlyId]?.Properties,
      ).toMatchObject({
        ScheduleExpressionTimezone: config.schedules.nightlyRun.timezone,
        State: 'ENABLED',
      });
    });
  });

  describe('state machine', () => {
    it('is a JSONata machine that stops after two hours (logging and tracing: see the pipeline stack test)', () => {
      expect(definition.QueryLanguage).toBe('JSONata');
      expect(definition.TimeoutSeconds).toBe(2 * 3600);
    });

    it('lists the shards, collects every shard, lists the CSMs, sends every digest, then checks the outcomes', () => {
      expect(successPath(definition)).toEqual([
        'List shards',
        'Collect shards',
        'List CSMs',
        'Send digests',
        'Every digest sent?',
        'Digests failed',
      ]);
      expect(states['Every digest sent?']?.Default).toBe('Digests sent');
      expect(states['Digests sent']?.Type).toBe('Succeed');
      expect(states['Digests failed']?.Type).toBe('Fail');
      for (const [state, fn] of [
        ['List shards', digestCsms],
        ['Collect shard', digestCollect],
        ['List CSMs', digestCsms],
        ['Send digest', digestSend],
      ] as const) {
        expect(firstReferenceIn(template, digestId, state)).toEqual({
          'Fn::GetAtt': [logicalIdOf(pipeline, fn.function), 'Arn'],
        });
      }
    });

    it('asks digest-csms for the shards with whatever started it (a scheduled time or a date to re-send)', async () => {
      const payload = states['List shards']?.Arguments?.Payload;
      expect(await evaluate(payload, { input: { scheduledTime: '2026-11-23T07:00:00Z' } })).toEqual({
        scheduledTime: '2026-11-23T07:00:00Z',
        step: 'shards',
      });
      expect(await evaluate(payload, { input: { date: '2026-11-22', step: 'csms' } })).toEqual({
        date: '2026-11-22',
        step: 'shards',
      });
      expect(states['List CSMs']?.Arguments?.Payload).toEqual({
        date: '{% $states.input.date %}',
        step: 'csms',
      });
    });

    it('collects with a Distributed Map over the listed shards at the shard concurrency, summing the entries', async () => {
      const map = states['Collect shards'];
      expect(map?.Type).toBe('Map');
      expect(map?.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
      expect(map?.Items).toBe('{% $states.input.shards %}');
      expect(map?.ItemSelector).toEqual({
        date: '{% $states.input.date %}',
        shard: '{% $states.context.Map.Item.Value %}',
      });
      expect(map?.MaxConcurrency).toBe(config.scoring.maxConcurrentShards);
      // A shard that cannot be collected fails the morning: no digest may miss a shard's tenants.
      expect(map?.Catch).toBeUndefined();
      expect(map?.ToleratedFailureCount ?? 0).toBe(0);
      expect(processorTask('Collect shards')?.Catch).toBeUndefined();
      expect(
        await evaluate(map?.Output, { input: { date: '2026-11-22', shards: [0, 1, 2] }, result: [3, 0, 4] }),
      ).toEqual({ date: '2026-11-22', entries: 7 });
    });

    it('sends with a Distributed Map over the listed CSMs at a modest concurrency', () => {
      const map = states['Send digests'];
      expect(map?.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
      expect(map?.Items).toBe('{% $states.input.csms %}');
      expect(map?.ItemSelector).toEqual({
        date: '{% $states.input.date %}',
        csm: '{% $states.context.Map.Item.Value %}',
      });
      expect(map?.MaxConcurrency).toBe(digestSendConcurrency(config.email.maxSendRate));
      expect(map?.MaxConcurrency).toBeLessThanOrEqual(5);
    });

    it('derives the send concurrency from the SES rate: half of it, between 1 and 5', () => {
      expect([1, 2, 3, 6, 10, 14, 1000].map(digestSendConcurrency)).toEqual([1, 1, 1, 3, 5, 5, 5]);
      const raw = exampleConfig();
      raw.email = { ...(raw.email as object), maxSendRate: 4 };
      const slow = testApp({ loadedConfig: loadedConfig(raw) });
      const id = logicalIdOf(slow.pipeline, slow.pipeline.morningDigest.stateMachine);
      expect(stateMachineDefinition(slow.pipelineTemplate, id).States['Send digests']?.MaxConcurrency).toBe(
        2,
      );
    });

    it('retries only Lambda service errors in every task', () => {
      for (const task of [
        states['List shards'],
        states['List CSMs'],
        processorTask('Collect shards'),
        processorTask('Send digests'),
      ]) {
        expect(task?.Retry).toEqual([
          expect.objectContaining({
            ErrorEquals: expect.arrayContaining([
              'Lambda.ServiceException',
              'Lambda.TooManyRequestsException',
            ]),
            JitterStrategy: 'FULL',
          }),
        ]);
        expect(JSON.stringify(task?.Retry)).not.toContain('States.ALL');
      }
    });

    it('lets every CSM have a turn when one send fails, then fails the morning with the count', async () => {
      const send = processorTask('Send digests');
      expect(send?.Catch).toEqual([
        expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'Digest not sent' }),
      ]);
      const notSent = states['Send digests']?.ItemProcessor?.States['Digest not sent'];
      expect(notSent).toMatchObject({ Type: 'Pass', Output: 'failed', End: true });
      expect(
        await evaluate(send?.Output, { result: { Payload: { csm: 'a***@example.com', outcome: 'sent' } } }),
      ).toBe('sent');

      const output = (await evaluate(states['Send digests']?.Output, {
        input: { date: '2026-11-22', csms: ['a', 'b', 'c', 'd', 'e'] },
        result: ['sent', 'failed', 'already_sent', 'sent', 'failed'],
      })) as Record<string, unknown>;
      expect(output).toEqual({ date: '2026-11-22', outcomes: { sent: 2, failed: 2, already_sent: 1 } });
      const choice = states['Every digest sent?']?.Choices?.[0];
      expect(choice?.Next).toBe('Digests failed');
      expect(await evaluate(choice?.Condition, { input: output })).toBe(true);
      expect(await evaluate(states['Digests failed']?.Cause, { input: output })).toMatch(
        /^2 digest\(s\) of 2026-11-22 could not be sent/,
      );
      expect(states['Digests failed']?.Error).toBe('LifelineDigestFailed');
    });

    it('succeeds when nothing failed, also for a re-run where every CSM was already sent', async () => {
      const choice = states['Every digest sent?']?.Choices?.[0];
      for (const result of [['sent', 'quiet'], ['already_sent', 'already_sent'], []]) {
        const output = await evaluate(states['Send digests']?.Output, {
          input: { date: '2026-11-22' },
          result,
        });
        expect(await evaluate(choice?.Condition, { input: output })).toBe(false);
      }
    });

    it('may invoke only the three digest functions and needs no bucket', () => {
      const statements = statementsOf(template, pipeline, pipeline.morningDigest.stateMachine.role);
      const digestFunctions = [digestCsms, digestCollect, digestSend].map((fn) =>
        logicalIdOf(pipeline, fn.function),
      );
      const invokable = resourcesFor(statements, 'lambda:InvokeFunction');
      expect(invokable).toHaveLength(2 * digestFunctions.length);
      for (const resource of invokable) {
        expect(digestFunctions.some((id) => resource.includes(`"${id}"`))).toBe(true);
      }
      expect(actionsOf(statements).some((action) => /^(s3|dynamodb|ses):/.test(action))).toBe(false);
    });
  });

  describe('lambdas', () => {
    it('digest-send names the digest configuration set, never the plays one', () => {
      expect(lambda(digestSend).Environment.Variables.DIGEST_CONFIGURATION_SET_NAME).toEqual({
        Ref: logicalIdOf(pipeline, pipeline.configurationSets.digest),
      });
      expect(lambda(digestSend).Environment.Variables.CONFIGURATION_SET_NAME).toBeUndefined();
    });

    it('digest-send times out well before its 5-minute claim goes stale', () => {
      expect(lambda(digestSend).Timeout).toBeLessThan(5 * 60);
    });
  });

  describe('least privilege', () => {
    const statements = (fn: { role: object }) => statementsOf(template, pipeline, fn.role as never);
    const tableId = logicalIdOf(data, data.table);

    it('digest-collect reads only tenant items and the shard index, and writes only digest entries and CSM items', () => {
      const collect = statements(digestCollect);
      for (const action of TABLE_READS) {
        const partitions = partitionsFor(collect, action);
        if (action === 'dynamodb:Query') {
          // The base table's tenant partitions, and the shard index by name.
          expect(partitions).toEqual([['TENANT#*'], null]);
          expect(resourcesFor(collect, action)[1]).toContain('/index/GSI1"');
        } else expect(partitions).toEqual([['TENANT#*']]);
      }
      for (const action of TABLE_WRITES)
        expect(partitionsFor(collect, action)).toEqual([['DIGEST#*', 'DIGESTS#*']]);
      expect(resourcesFor(collect, 'dynamodb:Query').every((resource) => resource.includes(tableId))).toBe(
        true,
      );
    });

    it('digest-send reads digest entries, CSM items and the run record, and writes only CSM items', () => {
      const send = statements(digestSend);
      for (const action of TABLE_READS)
        expect(partitionsFor(send, action)).toEqual([['DIGEST#*', 'DIGESTS#*', 'RUN#*']]);
      for (const action of TABLE_WRITES) expect(partitionsFor(send, action)).toEqual([['DIGESTS#*']]);
      expect(resourcesFor(send, 'dynamodb:Query').join()).not.toContain('/index/');
    });

    it('digest-csms only reads CSM items', () => {
      const csms = statements(digestCsms);
      for (const action of TABLE_READS) expect(partitionsFor(csms, action)).toEqual([['DIGESTS#*']]);
      for (const action of TABLE_WRITES) expect(partitionsFor(csms, action)).toEqual([]);
      expect(actionsOf(csms).some((action) => action.startsWith('ses:'))).toBe(false);
    });

    it('digest-send may send only with the digest configuration set, from the digest sender', () => {
      const resources = resourcesFor(statements(digestSend), 'ses:SendEmail');
      expect(resources).toHaveLength(3);
      expect(resources[0]).toContain(
        `:configuration-set/",{"Ref":"${logicalIdOf(pipeline, pipeline.configurationSets.digest)}"}`,
      );
      expect(resources.join()).not.toContain(logicalIdOf(pipeline, pipeline.configurationSets.plays));
      expect(resources.join()).not.toContain('*');
      // Without digestFromAddress, the digest comes from email.fromAddress.
      expect(resources).toEqual(
        expect.arrayContaining([
          expect.stringContaining(':identity/example.com"'),
          expect.stringContaining(':identity/success@example.com"'),
        ]),
      );
    });

    it('follows email.digestFromAddress to its own identity', () => {
      const raw = exampleConfig();
      raw.email = { ...(raw.email as object), digestFromAddress: 'cs-digest@ops.example.org' };
      const varied = testApp({ loadedConfig: loadedConfig(raw) });
      const resources = resourcesFor(
        statementsOf(varied.pipelineTemplate, varied.pipeline, varied.pipeline.functions.digestSend.role),
        'ses:SendEmail',
      );
      expect(resources).toHaveLength(3);
      expect(resources).toEqual(
        expect.arrayContaining([
          expect.stringContaining(':identity/ops.example.org"'),
          expect.stringContaining(':identity/cs-digest@ops.example.org"'),
        ]),
      );
      // The plays still come from the plays sender.
      const plays = resourcesFor(
        statementsOf(varied.pipelineTemplate, varied.pipeline, varied.pipeline.functions.sendEmail.role),
        'ses:SendEmail',
      );
      expect(plays.join()).not.toContain('ops.example.org');
    });
  });

  describe('operations', () => {
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => ({
      id,
      ...(alarm as { Properties: Record<string, unknown> }).Properties,
    }));
    const alarm = (id: string) => alarms.find((candidate) => candidate.id.startsWith(`Operations${id}`));

    it('alarms on failed and timed-out mornings and on undelivered schedule starts', () => {
      expect(alarm('DigestFailed')).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: digestId } }],
      });
      expect(alarm('DigestTimedOut')).toMatchObject({ MetricName: 'ExecutionsTimedOut' });
      expect(alarm('DigestScheduleDeadLetters')).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: {
              'Fn::GetAtt': [logicalIdOf(pipeline, pipeline.digestSchedule.deadLetterQueue), 'QueueName'],
            },
          },
        ],
      });
    });

    it('alarms on the first bounce or complaint of a digest, counted by its configuration set alone', () => {
      const digestSet = { Ref: logicalIdOf(pipeline, pipeline.configurationSets.digest) };
      for (const event of ['Bounce', 'Complaint']) {
        expect(alarm(`Digest${event}s`)).toMatchObject({
          Namespace: 'AWS/SES',
          MetricName: event,
          Dimensions: [{ Name: 'ses:configuration-set', Value: digestSet }],
          Threshold: 1,
        });
      }
      const cloudWatchDestinations = Object.values(
        template.findResources('AWS::SES::ConfigurationSetEventDestination'),
      ).filter((resource) => resource.Properties.EventDestination.CloudWatchDestination);
      expect(cloudWatchDestinations).toEqual([
        {
          Type: 'AWS::SES::ConfigurationSetEventDestination',
          Properties: {
            ConfigurationSetName: digestSet,
            EventDestination: expect.objectContaining({
              MatchingEventTypes: ['bounce', 'complaint'],
              CloudWatchDestination: {
                DimensionConfigurations: [
                  expect.objectContaining({
                    DimensionName: 'ses:configuration-set',
                    DimensionValueSource: 'messageTag',
                  }),
                ],
              },
            }),
          },
        },
      ]);
    });

    it('outputs the digest state machine for re-sending a morning', () => {
      expect(template.findOutputs('DigestStateMachineArn').DigestStateMachineArn?.Value).toEqual({
        Ref: digestId,
      });
    });
  });
});
