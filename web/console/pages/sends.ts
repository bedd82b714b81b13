import { html } from 'htm/preact';
import { CAUSE_IDS } from '../../../lambdas/domain/cause-ids';
import type { CampaignEmail, SendsPage as SendsResult } from '../../../lambdas/use-cases/console/sends';
import { apiGet, keySegment } from '../api';
import { EmailFrame, Show, StatusBadge, useLoad } from '../components';
import { dateTime, playLabel, STATUS_ORDER, statusLabel } from '../format';
import { link, navigate } from '../router';

const FIELDS = ['tenant', 'play', 'status', 'from', 'to', 'page'] as const;

export function SendsPage(props: { location: URL }) {
  const query = Object.fromEntries(
    FIELDS.map((field) => [field, props.location.searchParams.get(field) ?? undefined]),
  );
  const [loaded] = useLoad(() => apiGet<SendsResult>('/sends', query), props.location.search);
  const search = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const params = new URLSearchParams();
    for (const field of FIELDS) {
      const value = String(form.get(field) ?? '').trim();
      if (value) params.set(field, value);
    }
    navigate(`/sends?${params}`);
  };
  const pageLink = (page: number) => {
    const params = new URLSearchParams(props.location.search);
    params.set('page', String(page));
    return `/sends?${params}`;
  };
  return html`<h1 tabindex="-1">Sends</h1>
    <form class="search" role="search" onSubmit=${search}>
      <label>Tenant id <input name="tenant" value=${query.tenant ?? ''} /></label>
      <label>Play <select name="play"><option value="">any</option>${CAUSE_IDS.map((play) => html`<option value=${play} selected=${query.play === play}>${playLabel(play)}</option>`)}</select></label>
      <label>Status <select name="status"><option value="">any</option>${STATUS_ORDER.map((status) => html`<option value=${status} selected=${query.status === status}>${statusLabel(status)}</option>`)}</select></label>
      <label>From <input type="date" name="from" value=${query.from ?? ''} /></label>
      <label>To <input type="date" name="to" value=${query.to ?? ''} /></label>
      <button type="submit">Search</button>
    </form>
    <${Show} loaded=${loaded}>
      ${(
        page: SendsResult,
      ) => html`<p class="muted" role="status">${page.total} decision${page.total === 1 ? '' : 's'}${page.from ? `, nights ${page.from} to ${page.to}` : ''}.</p>
        <table class="sends">
          <caption class="visually-hidden">Decisions, newest night first</caption>
          <thead><tr><th scope="col">Night</th><th scope="col">Tenant</th><th scope="col">Play</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Sent</th><th scope="col">Email</th></tr></thead>
          <tbody>${page.decisions.map(
            (decision) => html`<tr>
              <td>${decision.runDate}</td>
              <td>${link(`/tenants/${encodeURIComponent(decision.tenantId)}`, decision.tenantName ?? decision.tenantId)}</td>
              <td>${playLabel(decision.play)}</td>
              <td><${StatusBadge} status=${decision.status} /></td>
              <td class="small">${decision.reason}</td>
              <td class="small">${dateTime(decision.sentAt)}</td>
              <td>${
                decision.tenantName !== null && decision.recipients.length > 0
                  ? link(
                      `/sends/${keySegment(decision.key)}`,
                      decision.status === 'sent' ? 'as sent' : 'preview',
                      {
                        'aria-label': `${decision.status === 'sent' ? 'Email as sent' : 'Email preview'}: ${playLabel(decision.play)} to ${decision.tenantName ?? decision.tenantId}, ${decision.runDate}`,
                      },
                    )
                  : '—'
              }</td>
            </tr>`,
          )}</tbody>
        </table>
        <nav class="pager" aria-label="Pages">
          ${page.page > 1 ? link(pageLink(page.page - 1), 'Previous') : null}
          ${page.page * page.pageSize < page.total ? link(pageLink(page.page + 1), 'Next') : null}
        </nav>`}
    </${Show}>`;
}

export function SendEmailPage(props: { campaignKey: string; location: URL }) {
  const recipient = props.location.searchParams.get('recipient') ?? undefined;
  const [loaded] = useLoad(
    () => apiGet<CampaignEmail>(`/sends/${keySegment(props.campaignKey)}/email`, { recipient }),
    `${props.campaignKey}|${recipient}`,
  );
  return html`<h1 tabindex="-1">Email</h1>
    <${Show} loaded=${loaded}>
      ${(email: CampaignEmail) => html`<dl class="facts">
          <dt>Subject</dt><dd>${email.subject}</dd>
          <dt>To</dt><dd>${email.recipients.map((to) => html`<span class="recipient">${to === email.recipient ? html`<strong>${to}</strong>` : link(`/sends/${keySegment(email.key)}?recipient=${encodeURIComponent(to)}`, to)} </span>`)}</dd>
          <dt>Status</dt><dd><${StatusBadge} status=${email.status} /> ${email.sent ? `sent ${dateTime(email.sentAt)}, message id ${email.messageId}` : 'not sent: this is a preview'}</dd>
          ${email.copy ? html`<dt>Copy</dt><dd>edited at approval</dd>` : null}
        </dl>
        <p class="small muted">Rendered from the stored merge data${email.copy ? ' and the approved copy' : ''}; only the unsubscribe link differs (each recipient's is signed at send time).</p>
        <${EmailFrame} html=${email.html} title=${`Email: ${email.subject}`} />
        <details><summary>Plain-text part</summary><pre class="text">${email.text}</pre></details>`}
    </${Show}>`;
}
