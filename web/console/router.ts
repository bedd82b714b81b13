import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';

/** Path routing with the History API: the site serves index.html for every page path. */
const listeners = new Set<() => void>();

export function navigate(path: string): void {
  history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

export function useLocation(): URL {
  const [, setRound] = useState(0);
  useEffect(() => {
    const listener = () => setRound((n) => n + 1);
    listeners.add(listener);
    window.addEventListener('popstate', listener);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('popstate', listener);
    };
  }, []);
  return new URL(window.location.href);
}

/** An in-app link: a real href (open in a new tab works), navigation without a reload. */
export function link(href: string, text: unknown, attributes: Record<string, unknown> = {}) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} onClick=${onClick} ...${attributes}>${text}</a>`;
}
