import Table from 'cli-table3';
import { CAMPAIGN_STATUSES } from '../domain/plays/campaign-decision';
import type { RunJson } from '../local/run-local';
import { HIGH_RISK } from '../use-cases/scoring/run-score-stage';

/** The summary a person reads after a local run: what came in, what was rejected and why, cost. */
export function formatRunSummary(run: RunJson, outDir: string): string {
  const ingest = run.stages.ingest;
  const sources = new Table({
    head: ['source', 'pages', 'read', 'accepted', 'quarantined', 'written', 'unchanged'],
  });
  for (const [source, summary] of Object.entries(ingest.bySource)) {
    const c = summary.counts;
    sources.push([
      source,
      summary.pages,
      c.read,
      c.accepted,
      c.quarantined,
      c.tenantsWritten + c.metricDaysWritten,
      c.tenantsUnchanged + c.metricDaysUnchanged,
    ]);
  }
  const lines = [
    `Night ${run.asOf} — ${run.status.toUpperCase()} in ${(run.wallTimeMs / 1000).toFixed(1)} s (config ${run.configVersion})`,
    sources.toString(),
  ];
  const reasons = Object.entries(ingest.counts.quarantinedByReason);
  if (reasons.length > 0) {
    const table = new Table({ head: ['quarantine reason', 'records'] });
    for (const [reason, count] of reasons.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)))
      table.push([reason, count ?? 0]);
    lines.push(table.toString());
  }
  lines.push(...formatScoreSummary(run), ...formatCampaignSummary(run, outDir));
  lines.push(
    `Accounting: read ${ingest.counts.read} = accepted ${ingest.counts.accepted} + quarantined ${ingest.counts.quarantined} (${ingest.balanced ? 'balanced' : 'NOT BALANCED'})`,
    `DynamoDB: ${run.capacity.readUnits} RCU + ${run.capacity.writeUnits} WCU (ingest ${run.costPerTenantDay.readUnits} RCU + ${run.costPerTenantDay.writeUnits} WCU per accepted record; score ${run.stages.score.capacity.readUnits} RCU + ${run.stages.score.capacity.writeUnits} WCU)`,
    `Outputs: ${outDir}/scores.jsonl, ${outDir}/campaigns.jsonl, ${outDir}/emails/, ${outDir}/events.jsonl, ${outDir}/run.json, ${outDir}/quarantine.jsonl`,
  );
  for (const error of run.errors) lines.push(`FAILED ${error.stage} ${error.unit}: ${error.error}`);
  return lines.join('\n');
}

function formatScoreSummary(run: RunJson): string[] {
  const { model, counts } = run.score;
  const v = model.validation;
  const quality = v
    ? `validation AUC ${v.auc?.toFixed(3)}, PR AUC ${v.prAuc?.toFixed(3)}, Brier ${v.brier?.toFixed(3)} on ${v.rows} newest snapshots`
    : model.reasons.join('; ');
  const causes = new Table({ head: ['cause', 'tenants', `churn probability >= ${HIGH_RISK}`] });
  for (const [cause, n] of Object.entries(counts.byCause).sort((a, b) => b[1] - a[1])) {
    causes.push([cause, n, counts.highRiskByCause[cause] ?? 0]);
  }
  return [
    `Model ${model.version} (${model.kind}, ${model.decision}${model.trainedTonight ? `, ${model.trainingRows} snapshots, ${model.trainSeconds} s` : ''}): ${quality}`,
    `Scored ${counts.scored} tenants (${counts.frozen} frozen, ${counts.excluded} churned excluded): ` +
      Object.entries(counts.byBand)
        .map(([band, n]) => `${band} ${n}`)
        .join(', ') +
      `; ${counts.riskChanged} tenant.risk.changed events`,
    causes.toString(),
  ];
}

/** Decisions per play and status, and where to read the emails that went out. */
function formatCampaignSummary(run: RunJson, outDir: string): string[] {
  const { byPlayAndStatus, emailsSent, decisions } = run.campaigns;
  const statuses = CAMPAIGN_STATUSES.filter((status) =>
    Object.values(byPlayAndStatus).some((row) => (row[status] ?? 0) > 0),
  );
  const table = new Table({ head: ['play', ...statuses] });
  for (const [play, row] of Object.entries(byPlayAndStatus).sort()) {
    table.push([play, ...statuses.map((status) => row[status] ?? 0)]);
  }
  return [
    `Plays: ${decisions} decisions, ${emailsSent} emails sent (one per recipient)`,
    ...(decisions > 0 ? [table.toString()] : []),
    `Digests: ${run.digests.sent} sent to CSMs${run.digests.alreadySent > 0 ? `, ${run.digests.alreadySent} already sent earlier` : ''}${run.digests.quiet > 0 ? `, ${run.digests.quiet} all quiet (none sent)` : ''}: ${outDir}/digest/<csm>.html and .txt`,
    `Emails: ${outDir}/emails/ (one .eml per message, index.jsonl lists them; open an .eml in any mail client)`,
  ];
}
