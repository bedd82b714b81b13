import { html, render } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { signIn } from './auth';
import { ApprovalsPage } from './pages/approvals';
import { PlaysPage } from './pages/plays';
import { SendEmailPage, SendsPage } from './pages/sends';
import { TenantPage } from './pages/tenant';
import { TonightPage } from './pages/tonight';
import { link, useLocation } from './router';
import 'uplot/dist/uPlot.min.css';
import './style.css';

const NAV = [
  ['/plays', 'Plays'],
  ['/tonight', 'Tonight'],
  ['/approvals', 'Approvals'],
  ['/sends', 'Sends'],
] as const;

function page(location: URL) {
  const path = location.pathname;
  const sendEmail = /^\/sends\/([^/]+)$/.exec(path);
  if (sendEmail?.[1])
    return {
      title: 'Email',
      body: html`<${SendEmailPage} campaignKey=${decodeURIComponent(sendEmail[1])} location=${location} />`,
    };
  const tenant = /^\/tenants\/([^/]+)$/.exec(path);
  if (tenant?.[1])
    return { title: 'Tenant', body: html`<${TenantPage} tenantId=${decodeURIComponent(tenant[1])} />` };
  switch (path) {
    case '/':
    case '/plays':
      return { title: 'Plays', body: html`<${PlaysPage} />` };
    case '/tonight':
      return { title: 'Tonight', body: html`<${TonightPage} />` };
    case '/approvals':
      return { title: 'Approvals', body: html`<${ApprovalsPage} />` };
    case '/sends':
      return { title: 'Sends', body: html`<${SendsPage} location=${location} />` };
    default:
      return {
        title: 'Not found',
        body: html`<h1 tabindex="-1">Not found</h1><p>No page at this address.</p>`,
      };
  }
}

function App() {
  const location = useLocation();
  const current = page(location);
  useEffect(() => {
    document.title = `${current.title} · Lifeline`;
    // After a navigation, focus the new page's heading so screen readers announce it.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location.pathname]);
  const section = location.pathname === '/' ? '/plays' : `/${location.pathname.split('/')[1]}`;
  return html`<a class="skip" href="#main">Skip to content</a>
    <header>
      <span class="brand">Lifeline · review console</span>
      <nav aria-label="Console">
        <ul>${NAV.map(([href, label]) => html`<li>${link(href, label, section === href ? { 'aria-current': 'page' } : {})}</li>`)}</ul>
      </nav>
    </header>
    <main id="main">${current.body}</main>`;
}

const root = document.getElementById('app');
if (root) {
  signIn().then(
    (ready) => ready && render(html`<${App} />`, root),
    (error: unknown) => {
      root.textContent = `Could not sign in: ${(error as Error).message}`;
    },
  );
}
