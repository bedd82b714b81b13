import { html } from 'htm/preact';
import type { TenantView } from '../../../lambdas/use-cases/console/tenant-view';
import { apiGet, keySegment } from '../api';
import { TrendChart } from '../charts';
import { Show, StatusBadge, useLoad } from '../components';
import { dateTime, number, percent, playLabel, signed } from '../format';
import { link } from '../router';

export function TenantPage(props: { tenantId: string }) {
  const [loaded] = useLoad(
    () => apiGet<TenantView>(`/tenants/${encodeURIComponent(props.tenantId)}`),
    props.tenantId,
  );
  return html`<${Show} loaded=${loaded}>
    ${(view: TenantView) => {
      const { profile, score } = view;
      document.title = `${profile.name ?? profile.tenantId} · Lifeline`;
      return html`<h1 tabindex="-1">${profile.name ?? profile.tenantId}</h1>
        <dl class="facts">
          <dt>Tenant id</dt><dd><code>${profile.tenantId}</code></dd>
          <dt>Industry / plan</dt><dd>${profile.industry ?? '—'} / ${profile.plan ?? '—'}</dd>
          <dt>MRR</dt><dd>${profile.mrr === undefined ? '—' : `${profile.mrr} ${profile.currency ?? ''}`}</dd>
          <dt>Renewal</dt><dd>${profile.renewalDate ?? '—'}</dd>
          <dt>CSM</dt><dd>${profile.csmEmail ?? '—'}</dd>
          <dt>Status</dt><dd>${profile.status}</dd>
        </dl>
        ${
          score
            ? html`<p><strong>Health ${score.healthScore}</strong> (<${StatusBadge} status=${score.band} />), churn risk ${percent(score.churnProbability)}, cause ${score.cause ? playLabel(score.cause) : 'none'} on ${score.asOf}${score.frozen ? ` — frozen: ${score.dataFreshness}` : ''}.</p>
                <p>${score.explanation}</p>`
            : html`<p class="muted">Not scored yet.</p>`
        }
        <${TrendChart} points=${view.trend} />
        ${
          score
            ? html`<div class="columns">
                <section aria-labelledby="dimensions"><h2 id="dimensions">Dimensions</h2>
                  <table><caption class="visually-hidden">Health dimensions, 0 to 100</caption>
                  <tbody>${Object.entries(score.dimensions).map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value === null ? '—' : html`<meter min="0" max="100" value=${value} aria-label=${name}></meter> ${value}`}</td></tr>`)}</tbody></table>
                </section>
                <section aria-labelledby="drivers"><h2 id="drivers">Drivers</h2>
                  <table><caption class="visually-hidden">What moves the churn risk, largest first</caption>
                  <thead><tr><th scope="col">Feature</th><th scope="col">Value</th><th scope="col">Baseline</th><th scope="col">Impact</th></tr></thead>
                  <tbody>${score.drivers.map((driver) => html`<tr><td>${driver.feature}</td><td>${number(driver.value)}</td><td>${number(driver.baseline)}</td><td>${signed(driver.impact, 2)}</td></tr>`)}</tbody></table>
                </section>
              </div>`
            : null
        }
        <h2>Cause history</h2>
        ${
          view.causeHistory.length === 0
            ? html`<p class="muted">No scores yet.</p>`
            : html`<ol class="history">${view.causeHistory.map((period) => html`<li>${period.from}${period.to === period.from ? '' : ` to ${period.to}`}: ${period.cause ? playLabel(period.cause) : 'no cause'} (${period.band.replace('_', ' ')})</li>`)}</ol>`
        }
        <h2>Emails and decisions</h2>
        ${
          view.decisions.length === 0
            ? html`<p class="muted">No play decision in the last 180 days.</p>`
            : html`<table><caption class="visually-hidden">Play decisions for this tenant, newest first</caption>
                <thead><tr><th scope="col">Night</th><th scope="col">Play</th><th scope="col">Status</th><th scope="col">Sent</th><th scope="col">Engagement</th><th scope="col">Email</th></tr></thead>
                <tbody>${view.decisions.map(
                  (decision) => html`<tr>
                  <td>${decision.runDate}</td><td>${playLabel(decision.play)}</td>
                  <td><${StatusBadge} status=${decision.status} /><div class="small muted">${decision.reason}</div></td>
                  <td class="small">${dateTime(decision.sentAt)}</td>
                  <td class="small">${
                    Object.entries(decision.engagement ?? {})
                      .map(([k, v]) => `${k} ${v}`)
                      .join(', ') || '—'
                  }</td>
                  <td>${
                    decision.recipients.length > 0
                      ? link(
                          `/sends/${keySegment(decision.key)}`,
                          decision.status === 'sent' ? 'as sent' : 'preview',
                          {
                            'aria-label': `${decision.status === 'sent' ? 'Email as sent' : 'Email preview'}: ${playLabel(decision.play)} to ${profile.name ?? profile.tenantId}, ${decision.runDate}`,
                          },
                        )
                      : '—'
                  }</td>
                </tr>`,
                )}</tbody></table>`
        }
        <h2>Digest mentions</h2>
        ${
          view.digestMentions.length === 0
            ? html`<p class="muted">Not in its CSM's morning digest in the last 30 days.</p>`
            : html`<ul class="mentions">${view.digestMentions.map(
                (mention) =>
                  html`<li>${mention.date}: ${mention.title} in ${mention.csmEmail}'s digest${mention.lifelineAction ? ` — ${mention.lifelineAction}` : ''}</li>`,
              )}</ul>`
        }`;
    }}
  </${Show}>`;
}
