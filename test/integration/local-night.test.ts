import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rocAuc } from '../../lambdas/domain/model';
import { CampaignDecisionSchema } from '../../lambdas/domain/plays/campaign-decision';
import { ScoreRecordSchema } from '../../lambdas/domain/score-record';
import { type TruthRecord, writePortfolio } from '../../lambdas/local/generator';
import { type LocalRunResult, runLocal } from '../../lambdas/local/run-local';

const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

/**
 * The local night end to end on a generated portfolio: DynamoDB Local started by the runner,
 * ingest -> train -> score, contract files written; then the same night again.
 */
describe('a local night on a generated portfolio', () => {
  const work = mkdtempSync(join(tmpdir(), 'lifeline-night-'));
  let first: LocalRunResult;
  let second: LocalRunResult;
  let truth: Map<string, TruthRecord>;
  let firstScores: string;
  let firstCampaigns: string;
  let firstEmails: string;
  let firstDigests: string[];

  beforeAll(async () => {
    const feed = await writePortfolio({ tenants: 400, days: 180, seed: 11 }, join(work, 'feed'));
    truth = new Map(
      readJsonl(feed.files.truth).map((row) => [(row as TruthRecord).tenantId, row as TruthRecord]),
    );
    const night = () =>
      runLocal({
        tenantsFile: feed.files.tenants,
        metricsFile: feed.files.metrics,
        configPath: 'lifeline.config.json',
        outDir: join(work, 'out'),
        stateDir: join(work, 'state'),
        fresh: false,
      });
    first = await night();
    firstScores = readFileSync(join(first.outDir, 'scores.jsonl'), 'utf8');
    firstCampaigns = readFileSync(join(first.outDir, 'campaigns.jsonl'), 'utf8');
    firstEmails = readFileSync(join(first.outDir, 'emails', 'index.jsonl'), 'utf8');
    firstDigests = readdirSync(join(first.outDir, 'digest'));
    second = await night();
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes scores.jsonl with the contract fields for every active tenant', () => {
    const scores = firstScores
      .trimEnd()
      .split('\n')
      .map((line) => ScoreRecordSchema.parse(JSON.parse(line)));
    const active = [...truth.values()].filter((row) => !row.churned).length;
    expect(scores).toHaveLength(active);
    expect(new Set(scores.map((score) => score.asOf))).toEqual(new Set([first.runJson.asOf]));
    expect(scores.every((score) => score.configVersion === first.runJson.configVersion)).toBe(true);
    expect(first.runJson.score.model.kind).toBe('ga2m');
  });

  it('recovers the planted cause of at-risk tenants (>= 90%) and ranks future churners first', () => {
    const scores = firstScores
      .trimEnd()
      .split('\n')
      .map((line) => ScoreRecordSchema.parse(JSON.parse(line)));
    const atRisk = scores.filter((score) => truth.get(score.tenantId)?.story === 'at_risk');
    const correct = atRisk.filter((score) => score.cause === truth.get(score.tenantId)?.plantedCause).length;
    expect(correct / atRisk.length).toBeGreaterThanOrEqual(0.9);
    const labels = scores.map((score) => {
      const days = truth.get(score.tenantId)?.willChurnWithinDays;
      return days !== null && days !== undefined && days <= 90 ? 1 : 0;
    });
    // Regression guard on held-out future churn; the measured figure is in the bench report.
    expect(
      rocAuc(
        scores.map((score) => score.churnProbability),
        labels,
      ),
    ).toBeGreaterThan(0.7);
    const sample = atRisk.find((score) => score.cause === 'engagement_drop');
    expect(sample?.explanation).toMatch(/\d/);
  });

  it('re-running the same night writes nothing new, keeps the model and emits no events', () => {
    expect(second.runJson.stages.ingest.counts.metricDaysWritten).toBe(0);
    expect(second.runJson.stages.ingest.counts.tenantsWritten).toBe(0);
    expect(second.runJson.score.model.decision).toBe('not_due');
    expect(readFileSync(join(second.outDir, 'events.jsonl'), 'utf8')).toBe('');
    // Same data, same model, same night: the same scores. Tenants with late data are the
    // exception by design: now that they have a previous score, it is carried forward, frozen.
    const before = new Map(
      firstScores
        .trimEnd()
        .split('\n')
        .map((line) => [JSON.parse(line).tenantId, line]),
    );
    const after = readJsonl(join(second.outDir, 'scores.jsonl')).map((row) => ScoreRecordSchema.parse(row));
    const frozen = after.filter((score) => score.frozen);
    expect(frozen.every((score) => score.dataFreshness !== 'fresh')).toBe(true);
    expect(frozen.length).toBe(second.runJson.score.counts.frozen);
    for (const score of after.filter((row) => !row.frozen)) {
      expect(JSON.stringify(score)).toBe(before.get(score.tenantId));
    }
    expect(second.runJson.stages.ingest.balanced).toBe(true);
  });

  it('plans a decision per tenant x play, sends through local SES and exports every email', () => {
    const decisions = firstCampaigns
      .trimEnd()
      .split('\n')
      .map((line) => CampaignDecisionSchema.parse(JSON.parse(line)));
    expect(decisions).toHaveLength(first.runJson.campaigns.decisions);
    expect(new Set(decisions.map((d) => d.key)).size).toBe(decisions.length);
    const sent = decisions.filter((d) => d.status === 'sent');
    expect(sent.length).toBeGreaterThan(0);
    const exported = firstEmails
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string });
    const plays = exported.filter((email) => email.kind === 'play');
    expect(plays).toHaveLength(sent.reduce((sum, d) => sum + d.recipients.length, 0));
    expect(first.runJson.campaigns.emailsSent).toBe(plays.length);
    // Every other email is a CS digest, one per CSM.
    expect(exported.length - plays.length).toBe(first.runJson.digests.sent);
    expect(first.runJson.digests.sent).toBeGreaterThan(0);
    // The rest of the contract files of a night.
    expect(firstDigests.filter((file) => file.endsWith('.html'))).toHaveLength(first.runJson.digests.csms);
    expect(firstDigests.filter((file) => file.endsWith('.txt'))).toHaveLength(first.runJson.digests.csms);
    expect(
      JSON.parse(readFileSync(join(first.outDir, 'run.json'), 'utf8')).stages.plan.counts.decisions,
    ).toBe(first.runJson.campaigns.decisions);
    expect(readFileSync(join(first.outDir, 'quarantine.jsonl'), 'utf8')).toBe('');
  });

  it('re-running the same night sends no email and keeps every decision', () => {
    expect(second.runJson.campaigns.emailsSent).toBe(0);
    expect(second.runJson.digests.sent).toBe(0);
    expect(second.runJson.digests.alreadySent).toBe(first.runJson.digests.sent);
    expect(readFileSync(join(second.outDir, 'campaigns.jsonl'), 'utf8')).toBe(firstCampaigns);
    expect(readFileSync(join(second.outDir, 'emails', 'index.jsonl'), 'utf8')).toBe('');
  });
});
