import { Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeWildcardResources } from './nag/wildcard-acknowledgements';

/**
 * Grants narrower than the stock ones. `table.grantReadWriteData` also covers every index
 * (`<table>/index/*`) and `bucket.grantRead` covers the whole bucket plus listing; the nightly
 * Lambdas need neither, so they get items of the base table and objects below given prefixes only.
 */

const READ_ITEMS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const WRITE_ITEMS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export type TableAccess = 'read' | 'write' | 'readWrite';

/** Item access on the base table (not its indexes). */
export function grantTableItems(table: ITableV2, grantee: IGrantable, access: TableAccess): Grant {
  const actions = new Set([
    ...(access === 'write' ? [] : READ_ITEMS),
    ...(access === 'read' ? [] : WRITE_ITEMS),
    'dynamodb:DescribeTable',
  ]);
  return Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [table.tableArn] });
}

/**
 * Reads of every item, writes only to items whose partition key starts with one of
 * `partitionPrefixes` (IAM `dynamodb:LeadingKeys`): a scoring Lambda that writes tenant scores
 * cannot overwrite the model, and the one that trains cannot touch tenant data.
 */
export function grantTableItemsWritingOnly(
  table: ITableV2,
  grantee: IGrantable,
  partitionPrefixes: readonly string[],
): void {
  grantTableItems(table, grantee, 'read');
  grantPartitionItems(table, grantee, 'write', partitionPrefixes);
}

/**
 * Item access limited to partitions whose key starts with one of `partitionPrefixes` (IAM
 * `dynamodb:LeadingKeys`, which applies to reads and writes alike): a public endpoint that only
 * records unsubscribes can neither read nor write a tenant's data.
 */
export function grantPartitionItems(
  table: ITableV2,
  grantee: IGrantable,
  access: TableAccess,
  partitionPrefixes: readonly string[],
): void {
  if (partitionPrefixes.length === 0) throw new Error('grantPartitionItems: no partition prefixes given');
  const actions = new Set([
    ...(access === 'write' ? [] : READ_ITEMS),
    ...(access === 'read' ? [] : WRITE_ITEMS),
  ]);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': partitionPrefixes.map((prefix) => `${prefix}*`),
        },
      },
    }),
  );
}

/** Query on one index by name (the stock grants cover every index, `<table>/index/*`). */
export function grantIndexQuery(table: ITableV2, grantee: IGrantable, indexName: string): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: ['dynamodb:Query'],
    resourceArns: [`${table.tableArn}/index/${indexName}`],
  });
}

/**
 * Object-level actions on keys below the given prefixes; no bucket-wide access, no listing.
 * The keys are made at run time (per run, source and page), so the grant ends in a wildcard;
 * it is acknowledged for cdk-nag here, next to the grant it justifies.
 */
export function grantObjects(
  grantee: IGrantable,
  bucket: IBucket,
  actions: string[],
  ...prefixes: string[]
): Grant {
  const grant = Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
  });
  const principal = grantee.grantPrincipal;
  if (Construct.isConstruct(principal)) {
    const alternatives = prefixes.map((prefix) => prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
    acknowledgeWildcardResources(
      principal,
      new RegExp(`/(${alternatives})\\*$`),
      `${actions.join(', ')} on objects under ${prefixes.join(' and ')} only: their keys are created at run time (per run, source or page).`,
    );
  }
  return grant;
}

/**
 * `ses:SendEmail` only for messages that name `configurationSetArn` and come from `fromAddress`:
 * SES authorizes a send against the configuration set and the sender's identity, which may be
 * the address itself or its domain, so both identities are listed and nothing else.
 */
export function grantSendEmail(
  grantee: IGrantable & IConstruct,
  configurationSetArn: string,
  fromAddress: string,
): Grant {
  const [, domain] = fromAddress.split('@');
  if (!domain) throw new Error(`grantSendEmail: "${fromAddress}" is not an address`);
  const stack = Stack.of(grantee);
  const identity = (name: string) =>
    stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  return Grant.addToPrincipal({
    grantee,
    actions: ['ses:SendEmail'],
    resourceArns: [configurationSetArn, identity(domain), identity(fromAddress)],
  });
}
