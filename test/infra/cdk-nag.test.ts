import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { grantObjects } from '../../lib/grants';
import {
  acknowledgeWildcardResources,
  WildcardAcknowledgements,
} from '../../lib/nag/wildcard-acknowledgements';
import { CDK_JSON_CONTEXT, loadedConfig } from './app-fixture';

interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/** Synthesizes and returns every violation of every validation plugin (warnings included). */
function findings(app: App): Finding[] {
  const reportPath = join(app.outdir, 'validation-report.json');
  try {
    app.synth();
  } catch (error) {
    // Violations make synth throw after writing the report; anything else is a real error.
    if (!existsSync(reportPath)) throw error;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity,
      paths: violation.violatingConstructs.map((construct) => construct.constructPath),
    })),
  );
}

const context = { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] };

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing for the whole Lifeline app, and no acknowledgement is stale', () => {
    const { app } = buildApp({ loadedConfig: loadedConfig(), context, nag: true });
    expect(findings(app)).toEqual([]);
  });

  it('is switched on by buildApp: a mistake slipped into the Lifeline app is caught', () => {
    const { app, data } = buildApp({ loadedConfig: loadedConfig(), context, nag: true });
    new Bucket(data, 'Forgotten');
    expect(findings(app)).toContainEqual(
      expect.objectContaining({ rule: 'AwsSolutions-S10', paths: ['LifelineData/Forgotten/Resource'] }),
    );
  });

  describe('the check itself', () => {
    /** A second app with deliberate mistakes, checked the same way buildApp checks Lifeline. */
    function badApp() {
      const app = new App({ context });
      const data = new Stack(app, 'BadData', { env: { region: 'eu-west-1' } });
      const bucket = new Bucket(data, 'Leaky');
      const compute = new Stack(app, 'BadCompute', { env: { region: 'eu-west-1' } });
      const role = new Role(compute, 'Worker', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      Validations.of(app).addPlugins(new WildcardAcknowledgements(), new AwsSolutionsChecks(app));
      return { app, bucket, role };
    }

    it('fails on an unencrypted-in-transit, unlogged bucket', () => {
      const { app } = badApp();
      const rules = findings(app).map((finding) => finding.rule);
      expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    });

    it('acknowledges an intended prefix wildcard across stacks, but not a wildcard nobody justified', () => {
      const { app, bucket, role } = badApp();
      grantObjects(role, bucket, ['s3:PutObject'], 'landing/');
      role.addToPolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
      );
      const iam5 = findings(app).filter((finding) => finding.rule.startsWith('AwsSolutions-IAM5'));
      expect(iam5).toHaveLength(1);
      expect(iam5[0]?.rule).toMatch(/^AwsSolutions-IAM5\[Resource::.*\/\*\]$/);
      expect(iam5[0]?.rule).not.toContain('landing');
    });

    it('warns about an acknowledgement that no longer matches anything', () => {
      const { app, role } = badApp();
      acknowledgeWildcardResources(role, /\/gone\/\*$/, 'the grant this justified was removed');
      expect(findings(app)).toContainEqual(
        expect.objectContaining({ rule: 'UnusedWildcardAcknowledgement', severity: 'warning' }),
      );
    });
  });
});
