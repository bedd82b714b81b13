import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import { Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
// The exact function cdk-nag names IAM5 findings with; reusing it keeps our ids identical to its.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag acknowledges an IAM5 wildcard finding only by its exact id, which embeds the resource
 * as it resolves in the final template. A bucket ARN from the data stack only takes its final form
 * (Fn::GetStackOutput with a hashed output name) when CDK resolves cross-stack references during
 * synthesis, so the id cannot be written down while the construct tree is built.
 *
 * Instead, a construct declares which wildcard resources of its IAM policies are intended, as a
 * pattern with a reason. This plugin, registered before the cdk-nag plugin, turns each match into
 * an exact acknowledgement once the template is final. A pattern that matches nothing is reported,
 * so acknowledgements cannot silently outlive the grant they justified.
 */
interface WildcardAcknowledgement {
  readonly scope: IConstruct;
  readonly resource: RegExp;
  readonly reason: string;
}

const pending = new WeakMap<IConstruct, WildcardAcknowledgement[]>();

/** Acknowledge the AwsSolutions-IAM5 wildcard resources of the IAM policies under `scope` that match `resource`. */
export function acknowledgeWildcardResources(scope: IConstruct, resource: RegExp, reason: string): void {
  const root = scope.node.root;
  pending.set(root, [...(pending.get(root) ?? []), { scope, resource, reason }]);
}

export class WildcardAcknowledgements implements IPolicyValidationPlugin {
  readonly name = 'LifelineWildcardAcknowledgements';

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const ack of pending.get(context.appConstruct) ?? []) {
      let matches = 0;
      for (const policy of ack.scope.node.findAll().filter((node) => node instanceof CfnPolicy)) {
        for (const resource of wildcardResources(policy)) {
          if (!ack.resource.test(resource)) continue;
          Validations.of(policy).acknowledge({
            id: `AwsSolutions-IAM5[Resource::${resource}]`,
            reason: ack.reason,
          });
          matches++;
        }
      }
      if (matches === 0) {
        violations.push({
          ruleName: 'UnusedWildcardAcknowledgement',
          description: `${ack.resource} matches no wildcard resource under ${ack.scope.node.path}; remove it`,
          severity: 'warning',
          violatingResources: [{ constructPath: ack.scope.node.path, locations: [] }],
        });
      }
    }
    return { success: true, violations };
  }
}

/** The flattened resources of a policy's Allow statements that contain a wildcard, as cdk-nag sees them. */
function wildcardResources(policy: CfnPolicy): string[] {
  const document: unknown = Stack.of(policy).resolve(policy.policyDocument);
  const statements = (document as { Statement?: { Effect?: string; Resource?: unknown }[] }).Statement ?? [];
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
    .map(flattenCfnReference)
    .filter((resource) => resource.includes('*'));
}
