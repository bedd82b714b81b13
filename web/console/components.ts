import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { STATUS_ORDER, statusLabel } from './format';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: T };

/** Loads `fetcher` on mount and whenever `key` changes; `reload` fetches again (after an action). */
export function useLoad<T>(fetcher: () => Promise<T>, key: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    fetcher().then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => current && setLoaded({ state: 'error', message: (error as Error).message }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return [loaded, useCallback(() => setRound((n) => n + 1), [])];
}

/** Loading and error states of a page part, or its content. */
export function Show<T>(props: { loaded: Loaded<T>; children: (data: T) => unknown }) {
  const { loaded } = props;
  if (loaded.state === 'loading') return html`<p class="muted" aria-busy="true">Loading…</p>`;
  if (loaded.state === 'error')
    return html`<p class="error" role="alert">Could not load: ${loaded.message}</p>`;
  return props.children(loaded.data);
}

/** Decisions by status as compact "label n" chips, in guardrail order. */
export function StatusCounts(props: { counts: Partial<Record<string, number>> }) {
  const entries = STATUS_ORDER.filter((status) => (props.counts[status] ?? 0) > 0);
  if (entries.length === 0) return html`<span class="muted">none</span>`;
  return html`<ul class="chips">
    ${entries.map(
      (status) =>
        html`<li class=${`chip status-${status}`}><span>${statusLabel(status)}</span> <strong>${props.counts[status]}</strong></li>`,
    )}
  </ul>`;
}

export function StatusBadge(props: { status: string }) {
  return html`<span class=${`chip status-${props.status}`}>${statusLabel(props.status)}</span>`;
}

/**
 * An email in a sandboxed frame: no scripts, no same-origin access, links open nowhere. The
 * email's HTML is already escaped by the template engine; the sandbox makes that a second line.
 */
export function EmailFrame(props: { html: string; title: string }) {
  return html`<iframe class="email" sandbox="" referrerpolicy="no-referrer" title=${props.title} srcdoc=${props.html}></iframe>`;
}

/** Where action results are announced to screen readers and shown to everyone. */
export function Notice(props: { message: string | null; kind?: 'ok' | 'error' }) {
  return html`<p class=${`notice ${props.kind ?? 'ok'}`} role="status" aria-live="polite">${props.message ?? ''}</p>`;
}
