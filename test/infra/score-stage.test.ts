import { describe, expect, it } from 'vitest';
import { bundledConfig } from '../../lambdas/handlers/shared/bundled-config';
import { bundledConfigDefine } from '../../lib/stacks/pipeline-stack';
import { exampleConfig, loadedConfig, testApp } from './app-fixture';
import {
  actionsOf,
  logicalIdOf,
  partitionsFor,
  resourcesFor,
  stateMachineDefinition,
  statementsOf,
  successPath,
  TABLE_WRITES,
} from './template-helpers';

describe('score stage on AWS', () => {
  const { pipeline, pipelineTemplate: template, data, dataTemplate } = testApp();
  const { config } = loadedConfig();
  const nightlyId = logicalIdOf(pipeline, pipeline.nightlyRun.stateMachine);
  const states = stateMachineDefinition(template, nightlyId).States;

  describe('state machine', () => {
    it('trains after ingest and before the shards, passing the run on to the map', () => {
      const path = successPath(stateMachineDefinition(template, nightlyId));
      expect(path.slice(path.indexOf('PrepareScoring'))).toEqual([
        'PrepareScoring',
        'Score shards',
        'Plan shards',
        'FinalizeRun',
        'Run succeeded',
      ]);
      const prepare = states.PrepareScoring;
      expect(prepare?.Arguments?.Payload).toEqual({
        runId: '{% $run.runId %}',
        runDate: '{% $run.runDate %}',
      });
      expect(prepare?.Output).toBe('{% $run %}');
    });

    it('fans out with a Distributed Map over every tenant shard, at the configured concurrency', () => {
      const map = states['Score shards'];
      expect(map?.Type).toBe('Map');
      expect(map?.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
      expect(map?.Items).toBe(`{% [0..${config.storage.tenantShards - 1}] %}`);
      expect(map?.MaxConcurrency).toBe(config.scoring.maxConcurrentShards);
      expect(map?.ItemSelector).toEqual({
        runId: '{% $states.input.runId %}',
        runDate: '{% $states.input.runDate %}',
        shard: '{% $states.context.Map.Item.Value %}',
      });
      // Results of thousands of shards would pass the 256 KiB state limit: they go to S3.
      expect(map?.ResultWriter).toBeDefined();
      expect(map?.ToleratedFailureCount ?? 0).toBe(0);
    });

    it('follows the config: shard count and concurrency', () => {
      const raw = exampleConfig();
      raw.storage = { tenantShards: 256 };
      raw.scoring = { maxConcurrentShards: 40 };
      const varied = testApp({ loadedConfig: loadedConfig(raw) });
      const variedId = logicalIdOf(varied.pipeline, varied.pipeline.nightlyRun.stateMachine);
      const map = stateMachineDefinition(varied.pipelineTemplate, variedId).States['Score shards'];
      expect(map?.Items).toBe('{% [0..255] %}');
      expect(map?.MaxConcurrency).toBe(40);
    });

    it('invokes score-shard per item, retrying only Lambda service errors; a failed shard fails the run', () => {
      const processor = states['Score shards']?.ItemProcessor;
      const task = processor?.States[processor.StartAt];
      expect(task?.Arguments?.Payload).toBe('{% $states.input %}');
      expect(task?.Retry).toEqual([
        expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.ServiceException']) }),
      ]);
      for (const name of ['PrepareScoring', 'Score shards']) {
        expect(states[name]?.Catch).toEqual([
          expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'FinalizeFailedRun' }),
        ]);
      }
    });
  });

  describe('lambdas', () => {
    const lambda = (fn: { function: object }) =>
      template.findResources('AWS::Lambda::Function')[logicalIdOf(pipeline, fn.function as never)]
        ?.Properties;

    it('give training 3008 MB and 15 minutes, a shard a full vCPU', () => {
      expect(lambda(pipeline.functions.prepareScoring)).toMatchObject({ MemorySize: 3008, Timeout: 900 });
      const shard = lambda(pipeline.functions.scoreShard);
      expect(shard?.MemorySize).toBeGreaterThanOrEqual(1769);
      expect(shard?.Timeout).toBeGreaterThanOrEqual(300);
      expect(shard?.Timeout).toBeLessThanOrEqual(900);
    });

    it('tell the bus by name to score-shard and finalize-run, which publish, and to no other function', () => {
      const busRef = (value: unknown) => JSON.stringify(value).includes('EventBus');
      for (const [name, fn] of Object.entries(pipeline.functions)) {
        const bus = lambda(fn)?.Environment?.Variables?.EVENT_BUS_NAME;
        if (name === 'scoreShard' || name === 'finalizeRun') expect(busRef(bus)).toBe(true);
        else expect(bus).toBeUndefined();
      }
    });

    it('bundle the validated config in a form the handlers read back at the same version', () => {
      const loaded = loadedConfig();
      const define = bundledConfigDefine(loaded);
      const literal = define['process.env.LIFELINE_CONFIG'];
      expect(typeof literal).toBe('string');
      // The define value is a JavaScript string literal: JSON of the JSON text.
      const roundTrip = bundledConfig(JSON.parse(literal as string), loaded.configVersion);
      expect(roundTrip.config).toEqual(loaded.config);
    });
  });

  describe('least privilege', () => {
    const scoreShard = statementsOf(template, pipeline, pipeline.functions.scoreShard.role);
    const prepare = statementsOf(template, pipeline, pipeline.functions.prepareScoring.role);

    it('score-shard (risk changes) and finalize-run (run.completed) may put events, on the Lifeline bus only; no other function may', () => {
      const publishers = ['scoreShard', 'finalizeRun'];
      for (const [name, fn] of Object.entries(pipeline.functions)) {
        const resources = resourcesFor(statementsOf(template, pipeline, fn.role), 'events:PutEvents');
        if (!publishers.includes(name)) {
          expect(resources).toEqual([]);
          continue;
        }
        expect(resources).toHaveLength(1);
        expect(resources[0]).toContain(logicalIdOf(data, data.eventBus));
        expect(resources[0]).not.toContain('*');
      }
    });

    it('score-shard writes only tenant and run items; prepare-scoring only model and run items', () => {
      for (const action of TABLE_WRITES) {
        expect(partitionsFor(scoreShard, action)).toEqual([['TENANT#*', 'RUN#*']]);
        expect(partitionsFor(prepare, action)).toEqual([['MODEL*', 'RUN#*']]);
      }
    });

    it('both read the table and query the shard index by name, never every index', () => {
      const tableId = logicalIdOf(data, data.table);
      for (const statements of [scoreShard, prepare]) {
        const queries = resourcesFor(statements, 'dynamodb:Query');
        expect(queries).toHaveLength(2);
        expect(queries.every((resource) => resource.includes(tableId))).toBe(true);
        expect(queries.join()).toContain('/index/GSI1');
        expect(queries.join()).not.toContain('/index/*');
        expect(actionsOf(statements).filter((action) => action.startsWith('dynamodb:'))).not.toContain(
          'dynamodb:Scan',
        );
        expect(actionsOf(statements).some((action) => action.startsWith('s3:'))).toBe(false);
      }
    });
  });

  describe('event bus', () => {
    it('is a custom bus in the data stack, retained with an archive of Lifeline events', () => {
      dataTemplate.hasResource('AWS::Events::EventBus', {
        DeletionPolicy: 'Retain',
        Properties: { Name: 'lifeline' },
      });
      dataTemplate.hasResource('AWS::Events::Archive', {
        DeletionPolicy: 'Retain',
        Properties: { EventPattern: { source: ['lifeline'] }, RetentionDays: 90 },
      });
      expect(Object.keys(dataTemplate.findOutputs('*'))).toContain('EventBusName');
      template.resourceCountIs('AWS::Events::EventBus', 0);
    });
  });
});
