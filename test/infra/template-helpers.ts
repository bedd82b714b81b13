import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

export function logicalIdOf(stack: Stack, construct: IConstruct): string {
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement));
}

/** Every statement of the IAM policies attached to a role. */
export function statementsOf(template: Template, stack: Stack, role: IConstruct): Statement[] {
  const roleId = logicalIdOf(stack, role);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .map(
      (policy) =>
        (policy as { Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } } })
          .Properties,
    )
    .filter((policy) => policy.Roles.some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.PolicyDocument.Statement);
}

export function actionsOf(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );
}

/** Statements granting `action`, with their resources flattened to strings for matching. */
export function resourcesFor(statements: readonly Statement[], action: string): string[] {
  return statements
    .filter((statement) => actionsOf([statement]).includes(action))
    .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
    .map((resource) => JSON.stringify(resource));
}

/** The DynamoDB item writes a grant may allow. */
export const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;
/** The DynamoDB item reads a grant may allow. */
export const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/** Statements granting `action`, each with the partition prefixes its LeadingKeys condition allows (null: any partition). */
export function partitionsFor(statements: readonly Statement[], action: string): (string[] | null)[] {
  return statements
    .filter((statement) => actionsOf([statement]).includes(action))
    .map((statement) => {
      const condition = (statement as { Condition?: Record<string, Record<string, string[]>> }).Condition;
      return condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? null;
    });
}

/**
 * The definition of the state machine with logical id `stateMachineId` as an object: CloudFormation
 * references inside the Fn::Join become "<ref>" placeholders, so the JSON parses and states can be inspected.
 */
export function stateMachineDefinition(template: Template, stateMachineId: string): AslDefinition {
  const parts = definitionParts(template, stateMachineId);
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : '<ref>')).join(''));
}

/** The first CloudFormation reference in the definition after the state named `stateName` (e.g. its function). */
export function firstReferenceIn(template: Template, stateMachineId: string, stateName: string): unknown {
  const parts = definitionParts(template, stateMachineId);
  const start = parts.findIndex(
    (part) => typeof part === 'string' && part.includes(`${JSON.stringify(stateName)}:{`),
  );
  if (start < 0) throw new Error(`no state named ${stateName}`);
  return parts.slice(start).find((part) => typeof part !== 'string');
}

function definitionParts(template: Template, stateMachineId: string): unknown[] {
  const machine = template.findResources('AWS::StepFunctions::StateMachine')[stateMachineId];
  if (!machine) throw new Error(`no state machine ${stateMachineId}`);
  const definition = (machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString;
  return (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
}

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: { Next: string; Condition?: string; Output?: unknown }[];
  readonly Catch?: { ErrorEquals: string[]; Next: string; Output?: unknown }[];
  readonly Retry?: Record<string, unknown>[];
  readonly ItemReader?: { Resource: string; Arguments: { Bucket: string; Prefix: string } };
  readonly ItemSelector?: Record<string, unknown>;
  readonly ItemProcessor?: {
    ProcessorConfig: { Mode: string };
    StartAt: string;
    States: Record<string, AslState>;
  };
  readonly ResultWriter?: Record<string, unknown>;
  readonly MaxConcurrency?: number;
  readonly Arguments?: { FunctionName?: string; Payload?: unknown };
  readonly [key: string]: unknown;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly QueryLanguage?: string;
  readonly TimeoutSeconds?: number;
  readonly States: Record<string, AslState>;
}

/** State names in the order the success path visits them (a Choice follows its exit, not its loop). */
export function successPath(definition: AslDefinition): string[] {
  const path: string[] = [];
  let name: string | undefined = definition.StartAt;
  while (name && !path.includes(name)) {
    path.push(name);
    const state: AslState | undefined = definition.States[name];
    name = state?.Type === 'Choice' ? state.Choices?.[0]?.Next : state?.Next;
  }
  return path;
}
