import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { PlayEffect } from '../../../lambdas/domain/plays/effectiveness';
import type { PlaysReport } from '../../../lambdas/use-cases/campaigns/measure-plays';
import type { PlaySummary, PlaysOverview } from '../../../lambdas/use-cases/console/plays-overview';
import { apiGet, apiPost } from '../api';
import { IntervalChart } from '../charts';
import { Notice, Show, StatusBadge, StatusCounts, useLoad } from '../components';
import { PLAY_DESCRIPTIONS, playLabel, signed } from '../format';

export function PlaysPage() {
  const [loaded, reload] = useLoad(() => apiGet<PlaysOverview>('/plays'), 'plays');
  // Uplift reads every tenant's decisions: it comes separately, the counts do not wait for it.
  const [effects] = useLoad(() => apiGet<{ report: PlaysReport | null }>('/plays/effects'), 'effects');
  const report = effects.state === 'ready' ? effects.data.report : null;
  const effectOf = (play: PlaySummary) => report?.plays.find((effect) => effect.play === play.play) ?? null;
  const [notice, setNotice] = useState<{ message: string; kind: 'ok' | 'error' } | null>(null);
  const toggle = async (play: PlaySummary) => {
    const verb = play.status === 'paused' ? 'resume' : 'pause';
    try {
      await apiPost(`/plays/${play.play}/${verb}`);
      setNotice({
        message: `${playLabel(play.play)} ${verb === 'pause' ? 'paused' : 'resumed'}: takes effect at the next run.`,
        kind: 'ok',
      });
      reload();
    } catch (error) {
      setNotice({ message: (error as Error).message, kind: 'error' });
    }
  };
  return html`<h1 tabindex="-1">Plays</h1>
    <${Notice} message=${notice?.message ?? null} kind=${notice?.kind} />
    <${Show} loaded=${loaded}>
      ${(data: PlaysOverview) => html`
        <p class="muted">${data.night ? `Last night: ${data.night}.` : 'No night has run yet.'} Counts are decisions by status; pausing takes effect at the next run.</p>
        <table class="plays">
          <caption class="visually-hidden">Plays with their state and decisions</caption>
          <thead><tr><th scope="col">Play</th><th scope="col">Status</th><th scope="col">Last night</th><th scope="col">Last 30 days</th><th scope="col">Uplift vs holdout</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
          <tbody>
            ${data.plays.map(
              (play) => html`<tr data-play=${play.play}>
                <th scope="row"><div>${playLabel(play.play)}</div><div class="muted small">cause <code>${play.cause}</code> · approval ${play.approval} · priority ${play.priority}</div><div class="muted small">${PLAY_DESCRIPTIONS[play.play]}</div></th>
                <td><${StatusBadge} status=${play.status} />${play.pausedBy === 'config' ? html`<div class="muted small">in the config file</div>` : null}</td>
                <td><${StatusCounts} counts=${play.lastNight} /></td>
                <td><${StatusCounts} counts=${play.last30Days} /></td>
                <td>${effects.state === 'ready' ? effectText(effectOf(play)) : html`<span class="muted">measuring…</span>`}</td>
                <td>${
                  play.pausedBy === 'config'
                    ? null
                    : html`<button type="button" onClick=${() => toggle(play)} aria-label=${`${play.status === 'paused' ? 'Resume' : 'Pause'} ${playLabel(play.play)}`}>${play.status === 'paused' ? 'Resume' : 'Pause'}</button>`
                }</td>
              </tr>`,
            )}
          </tbody>
        </table>
        <h2>Uplift vs holdout</h2>
        <${Show} loaded=${effects}>
          ${() => html`<p class="muted">Treated minus held-out tenants, ${report?.followUpDays ?? 28} days after the decision, with 95% intervals${report ? `, decisions ${report.since} to ${report.asOf}` : ''}. A play needs at least 2 followed-up tenants per group.</p>
            <div class="charts">
              <${IntervalChart} title="Health change (points)" unit="points" rows=${data.plays.map((play) => interval(play, effectOf(play)?.healthChange, 1))} />
              <${IntervalChart} title="Churn rate (percentage points)" unit="pp" rows=${data.plays.map((play) => interval(play, effectOf(play)?.churnRate, 100))} />
            </div>`}
        </${Show}>`}
    </${Show}>`;
}

/** One play's estimate for a chart, scaled (churn rates to percentage points). */
function interval(play: PlaySummary, estimate: PlayEffect['healthChange'] | undefined, scale: number) {
  const scaled = (value: number | undefined) =>
    value === undefined ? null : Math.round(value * scale * 10) / 10;
  return {
    label: playLabel(play.play),
    value: scaled(estimate?.difference),
    low: scaled(estimate?.low),
    high: scaled(estimate?.high),
  };
}

function effectText(effect: PlayEffect | null) {
  if (!effect) return html`<span class="muted">no sends or holdout yet</span>`;
  const health = effect.healthChange;
  const churn = effect.churnRate;
  return html`<div class="small">treated ${effect.treated.n} · holdout ${effect.holdout.n}</div>
    <div class="small">health ${health ? `${signed(health.difference)} (${signed(health.low)} to ${signed(health.high)})` : `— (followed up: ${effect.treated.followedUp} treated, ${effect.holdout.followedUp} held out)`}</div>
    <div class="small">churn ${churn ? `${signed(churn.difference * 100)} pp (${signed(churn.low * 100)} to ${signed(churn.high * 100)})` : '—'}</div>`;
}
