import { describe, expect, it } from 'vitest';
import type { Digest } from '../../lambdas/domain/digest/digest';
import { renderDigestEmail } from '../../lambdas/domain/digest/digest-email';
import { findBannedCopy } from '../../lambdas/domain/emails';
import { decision, digestOf, score, type TenantSpec } from './digest-fixtures';

const OPTIONS = {
  productName: 'Acme',
  consoleUrl: 'https://console.example/',
  allQuiet: 'one_line',
} as const;

const ACME: TenantSpec = {
  id: 'acme',
  today: score(58, 'critical', { churnProbability: 0.64 }),
  yesterday: score(70, 'at_risk'),
  profile: { name: 'Acme Corp', mrr: 4200, renewalDate: '2027-01-10' },
  decision: decision('acme', 'sent'),
  trend: [80, 78, 77, 75, 74, 70, 58],
};
const GLOBEX: TenantSpec = {
  id: 'globex',
  today: score(44, 'at_risk'),
  yesterday: score(61, 'watch'),
  profile: { name: 'Globex' },
  decision: decision('globex', 'held_out'),
};
const RECOVERED: TenantSpec = {
  id: 'umbrella',
  today: score(72, 'watch'),
  yesterday: score(48, 'at_risk'),
  profile: { name: 'Umbrella' },
};

function render(digest: Digest, options: Partial<typeof OPTIONS> | { consoleUrl?: undefined } = {}) {
  const email = renderDigestEmail(digest, { ...OPTIONS, ...options });
  if (email === null) throw new Error('expected an email');
  return email;
}

/** The HTML's visible text: tags dropped, the five entities the renderer writes decoded. */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/[ \t\r\n]+/g, ' ');
}

describe('renderDigestEmail: content', () => {
  const email = render(digestOf([ACME, GLOBEX, RECOVERED]));

  it('names the accounts that need the CSM in the subject, most urgent first', () => {
    expect(email.subject).toBe(
      '2 accounts need you today: Acme Corp (renewal in 41 days), Globex (health 44, −17)',
    );
  });

  it('shows the sections that have rows, in order, and omits the empty ones', () => {
    for (const body of [visible(email.html), email.text]) {
      const titles = ['Renewing within 90 days and at risk', 'New at risk since yesterday', 'Recovered'];
      const at = titles.map((title) => body.indexOf(title));
      expect(at.every((i) => i > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(body).not.toContain('Still at risk');
      expect(body).not.toContain('Data problems');
      expect(body).toContain('1 renewing within 90 days and at risk, 1 new at risk and 1 recovered.');
    }
  });

  it('gives each row its health and change, churn, money, renewal, reason, next step and what Lifeline did', () => {
    for (const body of [visible(email.html), email.text]) {
      expect(body).toMatch(
        /Health 58 \(−12\) · churn 64% · MRR EUR\u00a04,200 · EUR\u00a02,688 at risk · renewal in 41 days/,
      );
      expect(body).toContain('█▇▇▆▆▅▁ 80 → 58 over 7 nights');
      expect(body).toContain('Active users fell from 68 to 16 a day (−76%) vs the 28-day baseline.');
      expect(body).toContain('Next step: Call the champion this week');
      expect(body).toContain('Lifeline: Sent the engagement drop email to 2 contacts.');
      expect(body).toContain('Lifeline: Held out of the engagement drop play (control group): no email.');
      expect(body).toMatch(/Health 72 \(\+24\)/);
    }
    // The inbox preview: MJML's hidden preheader.
    expect(email.html).toMatch(/<div style="display:none;[^>]*>1 renewing within 90 days and at risk, /);
  });

  it('links every tenant to the review console, the id URL-encoded', () => {
    const digest = digestOf([{ ...GLOBEX, id: 'eu:acme/1' }]);
    const linked = render(digest);
    expect(linked.html).toContain('href="https://console.example/tenants/eu%3Aacme%2F1"');
    expect(linked.text).toContain('https://console.example/tenants/eu%3Aacme%2F1');
    const unlinked = render(digest, { consoleUrl: undefined });
    expect(unlinked.html).not.toContain('/tenants/');
    expect(unlinked.text).not.toContain('/tenants/');
    expect(visible(unlinked.html)).toContain('Globex');
  });

  it('uses no discount or win-back language', () => {
    expect(findBannedCopy(`${email.subject}\n${email.html}\n${email.text}`)).toEqual([]);
  });
});

describe('renderDigestEmail: escaping', () => {
  const NAME = `<script>alert("x")</script> O'Brien & "Sons"\nLtd`;
  const digest = digestOf([
    { ...GLOBEX, profile: { name: NAME } },
    {
      ...ACME,
      today: score(58, 'critical', { explanation: 'Uses <img src=x onerror=alert(1)> "reports".' }),
    },
  ]);
  const email = render(digest);

  it('escapes markup and quotes from tenant names and explanations in the HTML', () => {
    expect(email.html).not.toMatch(/<script|<img/i);
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; &quot;Sons&quot; Ltd',
    );
    expect(email.html).toContain('Uses &lt;img src=x onerror=alert(1)&gt; &quot;reports&quot;.');
  });

  it('keeps names as written, on one line, in the text part and the subject', () => {
    expect(email.text).toContain(`* <script>alert("x")</script> O'Brien & "Sons" Ltd [at risk]`);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain(`, <script>alert("x")</script> O'B… (health 44, −17)`);
  });
});

describe('renderDigestEmail: data problems, long sections, all quiet', () => {
  it('says how many scores froze and how many feed records were quarantined', () => {
    const digest = digestOf(
      [GLOBEX, { id: 'hooli', today: score(50, 'at_risk', { frozen: true, dataFreshness: 'late' }) }],
      { quarantinedRecords: 3 },
    );
    const email = render(digest);
    for (const body of [visible(email.html), email.text]) {
      expect(body).toContain('Data problems (1)');
      expect(body).toContain('1 account has late, partial or anomalous data');
      expect(body).toContain("3 feed records were quarantined in tonight's run");
      expect(body).toContain('Score frozen: data late.');
    }
  });

  it('adds the data problems line when only feed records were quarantined', () => {
    const email = render(digestOf([GLOBEX], { quarantinedRecords: 1 }));
    expect(visible(email.html)).toContain("Data problems 1 feed record was quarantined in tonight's run");
    expect(email.text).toContain("== Data problems ==\n1 feed record was quarantined in tonight's run");
  });

  it('says how many rows a long section left out', () => {
    const specs = Array.from({ length: 5 }, (_, i) => ({
      id: `t${i}`,
      today: score(30, 'critical'),
      yesterday: score(31 + i, 'critical'),
    }));
    const email = render(digestOf(specs, { maxRowsPerSection: 2 }));
    for (const body of [visible(email.html), email.text]) {
      expect(body).toContain('Still at risk (5, top 2 shown)');
      expect(body).toContain('…and 3 more.');
    }
    expect(email.html).toContain(
      '<a href="https://console.example" style="color: #1a56db;">See them in the console</a>',
    );
    expect(email.subject).toMatch(
      /^5 accounts need you today: Tenant t4 \(still at risk, health 30\), .*\+\d more$/,
    );
    expect(email.subject.length).toBeLessThanOrEqual(120);
  });

  it('names recovered accounts when nothing needs action', () => {
    expect(render(digestOf([RECOVERED])).subject).toBe('No new risks today: Umbrella recovered');
  });

  it('sends one line when all is quiet, or nothing, as configured', () => {
    const quiet = digestOf([ACME]);
    const empty: Digest = { ...quiet, sections: [], staleTenants: 0, omitted: 0 };
    const email = render(empty, { allQuiet: 'one_line' });
    expect(email.subject).toBe('All quiet: no account needs you today (30 November 2026)');
    expect(email.text).toContain('All quiet: none of your accounts needs you today.');
    expect(visible(email.html)).toContain('All quiet: none of your accounts needs you today.');
    expect(email.text.split('\n').filter((line) => line.trim()).length).toBeLessThanOrEqual(6);
    expect(renderDigestEmail(empty, { ...OPTIONS, allQuiet: 'none' })).toBeNull();
    const quarantined = render({ ...empty, quarantinedRecords: 2 }, { allQuiet: 'one_line' });
    expect(quarantined.text).toContain("2 feed records were quarantined in tonight's run");
  });
});
