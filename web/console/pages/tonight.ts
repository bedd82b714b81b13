import { html } from 'htm/preact';
import type { TonightPlan } from '../../../lambdas/use-cases/console/tonight';
import { apiGet } from '../api';
import { EmailFrame, Show, StatusBadge, StatusCounts, useLoad } from '../components';
import { percent, playLabel } from '../format';
import { link } from '../router';

export function TonightPage() {
  const [loaded] = useLoad(() => apiGet<TonightPlan>('/tonight'), 'tonight');
  return html`<h1 tabindex="-1">Tonight</h1>
    <${Show} loaded=${loaded}>
      ${(plan: TonightPlan) =>
        plan.night === null
          ? html`<p>No night has run yet: there are no scores to plan on.</p>`
          : html`<p class="muted">A dry run of the next run (night ${plan.night}) on last night's scores (${plan.scoredOn}), with today's plays, pauses, cooldowns and budgets. Nothing is stored or sent.</p>
              ${plan.plays.map(
                (
                  play,
                ) => html`<section class="play" data-play=${play.play} aria-labelledby=${`tonight-${play.play}`}>
                  <h2 id=${`tonight-${play.play}`}>${playLabel(play.play)} <${StatusBadge} status=${play.status} /></h2>
                  ${
                    play.status === 'paused'
                      ? html`<p class="muted">Paused${play.pausedBy === 'config' ? ' in the config file' : ''}: the next run plans nothing for this play.</p>`
                      : play.decisions.length === 0
                        ? html`<p class="muted">No tenant gets this play at the next run.</p>`
                        : html`<${StatusCounts} counts=${play.counts} />
                          <table>
                            <caption class="visually-hidden">${playLabel(play.play)}: decisions of the next run</caption>
                            <thead><tr><th scope="col">Tenant</th><th scope="col">Status</th><th scope="col">Churn risk</th><th scope="col">Why</th><th scope="col">Subject</th></tr></thead>
                            <tbody>${play.decisions.map(
                              (decision) => html`<tr>
                                <td>${link(`/tenants/${encodeURIComponent(decision.tenantId)}`, decision.tenantName ?? decision.tenantId)}</td>
                                <td><${StatusBadge} status=${decision.status} /><div class="muted small">${decision.reason}</div></td>
                                <td>${percent(decision.churnProbability)}</td>
                                <td class="small">${decision.explanation}</td>
                                <td class="small">${decision.subject ?? '—'}</td>
                              </tr>`,
                            )}</tbody>
                          </table>
                          ${play.decisions
                            .filter((decision) => decision.preview !== null)
                            .map(
                              (decision) => html`<details class="preview">
                                <summary>Preview: ${decision.preview?.subject} — to ${decision.preview?.recipient}</summary>
                                <${EmailFrame} html=${decision.preview?.html ?? ''} title=${`Email preview for ${decision.tenantName ?? decision.tenantId}`} />
                              </details>`,
                            )}`
                  }
                </section>`,
              )}`}
    </${Show}>`;
}
