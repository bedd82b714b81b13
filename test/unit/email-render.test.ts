import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, type CauseId } from '../../lambdas/domain/cause-ids';
import {
  EmailCopyError,
  EmailLinkError,
  type FactsOf,
  findBannedCopy,
  type PlayEmailInput,
  type PlayFacts,
  renderPlayEmail,
} from '../../lambdas/domain/emails';

const base = {
  tenantId: 'tn-1',
  tenantName: 'Northwind Traders',
  industry: 'retail',
  csmEmail: 'dana.reyes@vendor.example',
  asOf: '2026-11-22',
};

/** One set of facts per cause, each with numbers no other cause uses. */
const FACTS: { readonly [C in CauseId]: FactsOf<C> } = {
  onboarding_stalled: {
    ...base,
    cause: 'onboarding_stalled',
    tenureDays: 23,
    steps: [
      {
        key: 'bulk_user_import',
        label: 'Import your existing users in bulk',
        expectedDay: 14,
        daysOverdue: 9,
      },
      { key: 'invite_team', label: 'Invite your team', expectedDay: 7, daysOverdue: 4 },
    ],
    overdueCount: 2,
  },
  low_adoption: {
    ...base,
    cause: 'low_adoption',
    entitledCount: 6,
    usedCount: 2,
    shareUsed: 2 / 6,
    unused: [
      { key: 'automations', core: true, retention: false },
      { key: 'bulk_import', core: false, retention: false },
    ],
  },
  engagement_drop: {
    ...base,
    cause: 'engagement_drop',
    measure: 'active_users',
    before: 68,
    now: 16,
    change: 16 / 68 - 1,
  },
  business_decline: {
    ...base,
    cause: 'business_decline',
    trend: -0.26,
    industryPercentile: 0.065,
  },
  support_friction: {
    ...base,
    cause: 'support_friction',
    openBugs: 9,
    slaBreaches: 24,
    ticketsPerWeek: 10.2,
    ticketsMultiple: 6.8,
  },
  low_satisfaction: {
    ...base,
    cause: 'low_satisfaction',
    nps: 3,
    npsDate: '2026-11-12',
    csat: 2.5,
  },
};

/** The numbers each cause's email must carry: [in the subject, in both bodies]. */
const NUMBERS: Record<CauseId, { subject: string[]; body: string[] }> = {
  onboarding_stalled: {
    subject: ['Import your existing users in bulk', '9 days past plan'],
    body: ['day 14', 'day 23', '9 days', 'Invite your team'],
  },
  low_adoption: { subject: ['Automations', '2 of 6'], body: ['6', '2 (33%)', 'automations', 'bulk import'] },
  engagement_drop: { subject: ['from 68 to 16'], body: ['68', '16', '\u221276%'] },
  business_decline: { subject: ['down 26%', 'retail'], body: ['26%', '\u221226%', 'lowest 7%'] },
  support_friction: {
    subject: ['9 open bugs', '24 missed response times'],
    body: ['9', '24', '10 new tickets a week', '6.8x'],
  },
  low_satisfaction: { subject: ['3 out of 10'], body: ['3 out of 10', '12 November 2026', '2.5 out of 5'] },
};

function input(facts: PlayFacts, overrides: Partial<PlayEmailInput> = {}): PlayEmailInput {
  return {
    facts,
    productName: 'Acme',
    recipient: { email: 'megan@northwind.example', name: 'Megan Davis', role: 'admin', locale: 'en-GB' },
    sender: {
      fromName: 'Acme Customer Success',
      csm: { name: 'Dana Reyes', email: 'dana.reyes@vendor.example' },
    },
    links: {
      unsubscribeUrl: 'https://mail.acme.example/unsubscribe?token=abc.def&r=1',
      helpUrl: 'https://help.acme.example/guide',
    },
    ...overrides,
  };
}

/** What a browser or mail client reads out of an attribute: entities decoded. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map(([, href]) =>
    (href ?? '').replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"'),
  );
}

describe('renderPlayEmail: each cause with its own numbers', () => {
  it.each(CAUSE_IDS)('%s', (cause) => {
    const email = renderPlayEmail(input(FACTS[cause]));
    for (const number of NUMBERS[cause].subject) expect(email.subject).toContain(number);
    for (const number of NUMBERS[cause].body) {
      expect(email.text).toContain(number);
      expect(email.html).toContain(number);
    }
    expect(email.text.startsWith('Hi Megan,\n')).toBe(true);
    expect(email.html).toContain('Northwind Traders');
  });

  it('subjects are specific, never a generic win-back line', () => {
    const subjects = CAUSE_IDS.map((cause) => renderPlayEmail(input(FACTS[cause])).subject);
    expect(new Set(subjects).size).toBe(CAUSE_IDS.length);
    for (const subject of subjects) expect(subject).not.toMatch(/miss you|come back|been a while/i);
  });
});

describe('renderPlayEmail: parts, links and footer', () => {
  it.each(CAUSE_IDS)('%s: a hand-written text part and the unsubscribe link in both parts', (cause) => {
    const email = renderPlayEmail(input(FACTS[cause]));
    expect(email.text).not.toMatch(/<[a-z!/]/i);
    expect(email.text).toContain(
      'Unsubscribe from these emails: https://mail.acme.example/unsubscribe?token=abc.def&r=1',
    );
    expect(hrefs(email.html)).toContain('https://mail.acme.example/unsubscribe?token=abc.def&r=1');
    expect(hrefs(email.html)).toContain('https://help.acme.example/guide');
    expect(email.text).toContain('https://help.acme.example/guide');
    // Why they get it, and who their CSM is.
    for (const part of [email.text, email.html]) {
      expect(part).toContain("because you're an admin of Northwind Traders");
      expect(part).toContain('dana.reyes@vendor.example');
    }
  });

  it.each(CAUSE_IDS)(
    '%s: without a help URL the email asks for a reply instead of showing a button',
    (cause) => {
      const email = renderPlayEmail(
        input(FACTS[cause], { links: { unsubscribeUrl: 'https://u.example/x' } }),
      );
      expect(hrefs(email.html).filter((href) => href.startsWith('http'))).toEqual(['https://u.example/x']);
      expect(email.text).toMatch(/reply/i);
    },
  );

  it('the recipient role says why they get it', () => {
    const email = renderPlayEmail(
      input(FACTS.low_adoption, { recipient: { email: 'x@northwind.example', role: 'champion' } }),
    );
    expect(email.text).toContain("because you're Northwind Traders' main contact for Acme");
    expect(email.text.startsWith('Hello,\n')).toBe(true);
  });

  it('support_friction gives the support lead as the direct line, else the CSM', () => {
    const lead = { name: 'Sam Okafor', email: 'sam.okafor@vendor.example' };
    const withLead = renderPlayEmail(
      input(FACTS.support_friction, { sender: { fromName: 'Acme Customer Success', supportLead: lead } }),
    );
    expect(withLead.text).toContain(
      'Sam Okafor, who leads our support team, is your direct line: sam.okafor@vendor.example',
    );
    expect(withLead.subject).toContain('a direct line to our support lead');
    const withCsm = renderPlayEmail(input(FACTS.support_friction));
    expect(withCsm.text).toContain('Dana Reyes, your customer success manager, is your direct line');
  });

  it('the CSM-voiced plays are signed by the CSM; without a name, by the role', () => {
    const signed = renderPlayEmail(input(FACTS.engagement_drop));
    expect(signed.text).toContain(
      'Thanks,\nDana Reyes\nCustomer success manager, Acme\ndana.reyes@vendor.example',
    );
    const unnamed = renderPlayEmail(
      input(FACTS.engagement_drop, { sender: { fromName: 'Acme Customer Success' } }),
    );
    expect(unnamed.text).toContain(
      'Thanks,\nYour customer success manager at Acme\ndana.reyes@vendor.example',
    );
  });

  it('dates follow an English recipient locale', () => {
    const us = renderPlayEmail(
      input(FACTS.low_satisfaction, { recipient: { email: 'x@n.example', role: 'admin', locale: 'en_US' } }),
    );
    expect(us.text).toContain('November 12, 2026');
    const other = renderPlayEmail(
      input(FACTS.low_satisfaction, { recipient: { email: 'x@n.example', role: 'admin', locale: 'de-DE' } }),
    );
    expect(other.text).toContain('12 November 2026');
  });
});

describe('renderPlayEmail: tenant data is escaped', () => {
  const hostile = `<script>alert(1)</script> "Q" 'A' & Co`;
  const facts = { ...FACTS.low_adoption, tenantName: hostile, industry: `"><img src=x onerror=alert(2)>` };
  const email = renderPlayEmail(
    input(facts, { recipient: { email: 'm@n.example', name: `<b>Mallory</b>`, role: 'admin' } }),
  );

  it('renders inert in HTML', () => {
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>Mallory');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &#39;A&#39; &amp; Co');
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('stays as written in the text part and the subject, which have no markup', () => {
    expect(email.text).toContain(hostile);
    expect(email.text).toContain('Hi <b>Mallory</b>,');
    expect(email.subject).toContain(hostile);
  });

  it('a newline in a name cannot break the subject line', () => {
    const split = renderPlayEmail(
      input({ ...FACTS.business_decline, tenantName: 'Evil\r\nBcc: x@y.example' }),
    );
    expect(split.subject).not.toMatch(/[\r\n]/);
  });
});

describe('renderPlayEmail: edited copy and links', () => {
  it('subject and intro overrides are mustache over the same fields', () => {
    const email = renderPlayEmail(
      input(FACTS.onboarding_stalled, {
        copy: { subject: '{{tenantName}}: {{stepLabel}}', intro: 'Quick one about {{stepLabel}}.' },
      }),
    );
    expect(email.subject).toBe('Northwind Traders: Import your existing users in bulk');
    expect(email.text).toContain('Hi Megan,\n\nQuick one about Import your existing users in bulk.\n');
    expect(email.html).toContain('Quick one about Import your existing users in bulk.');
  });

  it('rejects discount language and broken templates in edited copy', () => {
    expect(() =>
      renderPlayEmail(input(FACTS.low_adoption, { copy: { subject: 'Take 20% off this month' } })),
    ).toThrow(EmailCopyError);
    expect(() => renderPlayEmail(input(FACTS.low_adoption, { copy: { intro: 'We miss you!' } }))).toThrow(
      EmailCopyError,
    );
    expect(() => renderPlayEmail(input(FACTS.low_adoption, { copy: { intro: 'Hi {{#x}}' } }))).toThrow(
      EmailCopyError,
    );
  });

  it('rejects links that are not absolute http(s) URLs', () => {
    const links = (helpUrl: string) => ({ links: { unsubscribeUrl: 'https://u.example/x', helpUrl } });
    expect(() => renderPlayEmail(input(FACTS.low_adoption, links('javascript:alert(1)')))).toThrow(
      EmailLinkError,
    );
    expect(() => renderPlayEmail(input(FACTS.low_adoption, links('/relative')))).toThrow(EmailLinkError);
    expect(() => renderPlayEmail(input(FACTS.low_adoption, { links: { unsubscribeUrl: '' } }))).toThrow(
      EmailLinkError,
    );
  });
});

describe('no discount or win-back language in any rendered email', () => {
  const variants: Partial<PlayEmailInput>[] = [
    {},
    { links: { unsubscribeUrl: 'https://u.example/x' } },
    { sender: { fromName: 'Acme Customer Success' } },
    { sender: { fromName: 'Acme', supportLead: { email: 'lead@vendor.example' } } },
    { recipient: { email: 'b@n.example', role: 'billing' } },
  ];

  it.each(CAUSE_IDS)('%s', (cause) => {
    for (const variant of variants) {
      const email = renderPlayEmail(input(FACTS[cause], variant));
      for (const part of [email.subject, email.html, email.text]) expect(findBannedCopy(part)).toEqual([]);
    }
  });

  it('the scan catches what it is for', () => {
    for (const line of [
      'Get 20% off your renewal',
      'A free month on us',
      'Use promo code STAY',
      'a special discount',
      'Here is a coupon',
      'We miss you!',
      'Save 15% today',
      'a price cut for loyal customers',
      'cheaper than ever',
    ]) {
      expect(findBannedCopy(line), line).not.toEqual([]);
    }
  });
});
