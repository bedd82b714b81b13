import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { AuditEntry } from '../../../lambdas/domain/console/audit';
import type { BulkResult, PendingApproval } from '../../../lambdas/use-cases/console/approvals';
import type { CampaignEmail } from '../../../lambdas/use-cases/console/sends';
import { apiGet, apiPost, keySegment } from '../api';
import { EmailFrame, Notice, Show, useLoad } from '../components';
import { dateTime, percent, playLabel } from '../format';
import { link } from '../router';

type NoticeState = { message: string; kind: 'ok' | 'error' } | null;

export function ApprovalsPage() {
  const [loaded, reload] = useLoad(
    () => apiGet<{ night: string | null; pending: PendingApproval[] }>('/approvals'),
    'approvals',
  );
  const [audit, reloadAudit] = useLoad(
    () => apiGet<{ entries: AuditEntry[] }>('/audit', { limit: '20' }),
    'audit',
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<NoticeState>(null);
  const done = (message: string, kind: 'ok' | 'error' = 'ok') => {
    setNotice({ message, kind });
    setSelected(new Set());
    reload();
    reloadAudit();
  };
  const bulk = async (action: 'approve' | 'skip') => {
    try {
      const { results } = await apiPost<{ results: BulkResult[] }>('/approvals', {
        action,
        keys: [...selected],
      });
      const failed = results.filter((result) => !result.ok);
      done(
        `${results.length - failed.length} ${action === 'approve' ? 'approved' : 'skipped'}${failed.length ? `, ${failed.length} not: ${failed.map((f) => (f.ok ? '' : f.error)).join('; ')}` : ''}.`,
        failed.length ? 'error' : 'ok',
      );
    } catch (error) {
      setNotice({ message: (error as Error).message, kind: 'error' });
    }
  };
  const toggle = (key: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(key);
    else next.delete(key);
    setSelected(next);
  };
  return html`<h1 tabindex="-1">Approvals</h1>
    <${Notice} message=${notice?.message ?? null} kind=${notice?.kind} />
    <${Show} loaded=${loaded}>
      ${(data: { night: string | null; pending: PendingApproval[] }) =>
        data.pending.length === 0
          ? html`<p>Nothing waits for approval.</p>`
          : html`<div class="toolbar" role="group" aria-label="Bulk actions">
                <label><input type="checkbox" checked=${selected.size === data.pending.filter((p) => p.approvable).length && selected.size > 0}
                  onChange=${(event: Event) => setSelected((event.target as HTMLInputElement).checked ? new Set(data.pending.filter((p) => p.approvable).map((p) => p.key)) : new Set())} /> Select all</label>
                <button type="button" disabled=${selected.size === 0} onClick=${() => bulk('approve')}>Approve selected (${selected.size})</button>
                <button type="button" class="secondary" disabled=${selected.size === 0} onClick=${() => bulk('skip')}>Skip selected</button>
              </div>
              <ul class="approvals">
                ${data.pending.map((item) => html`<${ApprovalItem} key=${item.key} item=${item} selected=${selected.has(item.key)} onSelect=${toggle} onDone=${done} onError=${(message: string) => setNotice({ message, kind: 'error' })} />`)}
              </ul>`}
    </${Show}>
    <h2>Recent actions</h2>
    <${Show} loaded=${audit}>
      ${({ entries }: { entries: AuditEntry[] }) =>
        entries.length === 0
          ? html`<p class="muted">No console action yet.</p>`
          : html`<table class="audit"><caption class="visually-hidden">Audit log, newest first</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th></tr></thead>
              <tbody>${entries.map((entry) => html`<tr><td>${dateTime(entry.at)}</td><td>${entry.actor}</td><td>${entry.action.replaceAll('_', ' ')}</td><td><code>${entry.target}</code></td></tr>`)}</tbody></table>`}
    </${Show}>`;
}

function ApprovalItem(props: {
  item: PendingApproval;
  selected: boolean;
  onSelect: (key: string, on: boolean) => void;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const { item } = props;
  const [email, setEmail] = useState<CampaignEmail | null>(null);
  const [editing, setEditing] = useState(false);
  const name = item.tenantName ?? item.tenantId;
  const act = async (body: Record<string, unknown>, verb: string) => {
    try {
      await apiPost(`/approvals/${keySegment(item.key)}`, body);
      props.onDone(`${name}: ${verb}.`);
    } catch (error) {
      props.onError((error as Error).message);
    }
  };
  const loadEmail = async () => {
    try {
      setEmail(await apiGet<CampaignEmail>(`/sends/${keySegment(item.key)}/email`));
    } catch (error) {
      props.onError((error as Error).message);
    }
  };
  const startEdit = () => {
    if (!editing && email === null) void loadEmail();
    setEditing(!editing);
  };
  const submitEdit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const copy: Record<string, string> = {};
    for (const field of ['subject', 'intro']) {
      const value = String(form.get(field) ?? '').trim();
      if (value) copy[field] = value;
    }
    void act({ action: 'edit_and_approve', copy }, 'approved with edited copy');
  };
  const id = `approval-${item.key.replaceAll(/[^A-Za-z0-9_-]/g, '-')}`;
  return html`<li class="approval" data-key=${item.key} aria-labelledby=${id}>
    <div class="approval-head">
      <input type="checkbox" disabled=${!item.approvable} checked=${props.selected} aria-label=${`Select ${name}`}
        onChange=${(event: Event) => props.onSelect(item.key, (event.target as HTMLInputElement).checked)} />
      <h3 id=${id}>${link(`/tenants/${encodeURIComponent(item.tenantId)}`, name)} · ${playLabel(item.play)}</h3>
    </div>
    <p>${item.explanation}</p>
    <p class="small muted">cause <code>${item.cause}</code> · health ${item.healthScore} · churn risk ${percent(item.churnProbability)} · night ${item.runDate} · to ${item.recipients.join(', ') || 'nobody'} · ${item.reason}</p>
    ${item.approvable ? null : html`<p class="error small">Cannot be sent as it is: ${item.reason}.</p>`}
    <div class="actions">
      <button type="button" disabled=${!item.approvable} onClick=${() => act({ action: 'approve' }, 'approved')}>Approve</button>
      <button type="button" class="secondary" onClick=${() => act({ action: 'skip' }, 'skipped')}>Skip</button>
      <button type="button" class="secondary" disabled=${!item.approvable} aria-expanded=${editing} onClick=${startEdit}>Edit & approve</button>
      <button type="button" class="secondary" disabled=${!item.approvable} onClick=${loadEmail}>Show email</button>
    </div>
    ${
      editing && email
        ? html`<form class="edit" onSubmit=${submitEdit} aria-label=${`Edit the email to ${name}`}>
            <p class="small muted">Mustache over the play's fields, e.g. {{tenantName}}; the numbers are filled in per recipient. Discount language is refused.</p>
            <label>Subject <input name="subject" maxlength="300" value=${email.copy?.subject ?? email.defaultCopy.subject} /></label>
            <label>Opening paragraph <textarea name="intro" rows="5" maxlength="3000">${email.copy?.intro ?? email.defaultCopy.intro}</textarea></label>
            <button type="submit">Approve with this copy</button>
          </form>`
        : null
    }
    ${email ? html`<div class="email-box"><p class="small"><strong>${email.subject}</strong> — to ${email.recipient}</p><${EmailFrame} html=${email.html} title=${`Email for ${name}`} /></div>` : null}
  </li>`;
}
