import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LifelineFunction, type LifelineFunctionProps } from '../../lib/constructs/lifeline-function';
import { logicalIdOf } from './template-helpers';

const entry = fileURLToPath(new URL('../../lambdas/handlers/prepare-run.ts', import.meta.url));

function synth(props: Partial<LifelineFunctionProps> = {}) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const fn = new LifelineFunction(stack, 'Fn', {
    entry,
    description: 'test',
    serviceName: 'lifeline-test',
    logRetentionDays: 14,
    ...props,
  });
  return { stack, fn, template: Template.fromStack(stack) };
}

describe('LifelineFunction house defaults', () => {
  it('runs Node.js 24 on arm64, traced, with explicit memory and timeout', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'lifeline-test' },
      },
    });
  });

  it('logs to its own log group with retention, through its own narrow policy', () => {
    const { template, stack, fn } = synth();
    const logGroupId = logicalIdOf(stack, fn.logGroup);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          }),
        ]),
      },
    });
    const role = template.findResources('AWS::IAM::Role')[logicalIdOf(stack, fn.role)];
    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('gives async invocations an encrypted, TLS-only dead-letter queue on request', () => {
    const { template, stack, fn } = synth({
      asyncDeadLetterQueue: true,
      memorySize: 1024,
      timeout: Duration.minutes(2),
    });
    expect(fn.deadLetterQueue).toBeDefined();
    const queueId = fn.deadLetterQueue ? logicalIdOf(stack, fn.deadLetterQueue) : 'none';
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 120,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('has no dead-letter queue unless asked', () => {
    synth().template.resourceCountIs('AWS::SQS::Queue', 0);
  });

  it.each([
    [{ memorySize: 64 }, /memorySize must be an integer between 128 and 10240/],
    [{ timeout: Duration.minutes(16) }, /timeout must be between 1 second and 15 minutes/],
    [{ logRetentionDays: 10 }, /logRetentionDays 10 is not a CloudWatch Logs retention value/],
    [{ serviceName: 'has spaces' }, /serviceName must be/],
  ])('rejects %o at synth', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
