import type { CauseId } from '../cause-ids';

/**
 * The lines of each play that marketing is most likely to edit: subject, preview text and the
 * opening paragraph. Mustache templates over the play's view (play-views.ts), rendered as
 * plain text; the HTML escapes the result where it is inserted. The rest of each email is in
 * templates/<cause>.mjml and templates/<cause>.txt.
 */
export interface PlayCopy {
  readonly subject: string;
  /** The inbox preview line after the subject. */
  readonly preheader: string;
  /** The first paragraph: what we saw, with the tenant's own numbers. */
  readonly intro: string;
}

export const PLAY_COPY: Readonly<Record<CauseId, PlayCopy>> = {
  onboarding_stalled: {
    subject: '"{{stepLabel}}" is waiting: {{daysOverdue}} days past plan',
    preheader: 'A guide for exactly this step, or we can do it with you on a short call.',
    intro:
      'Your {{productName}} setup plan has "{{stepLabel}}" done by day {{expectedDay}}. {{tenantName}} is on day {{tenureDays}}, so this step is {{daysOverdue}} days behind. That is common: while a team is still moving over from its old system, setup is the first thing to slip.',
  },
  low_adoption: {
    subject:
      '{{featureTitle}} is in your plan: a quick start for {{tenantName}} ({{usedCount}} of {{entitledCount}} features in use)',
    preheader: 'It is already part of what you pay for: how to start, and how other teams use it.',
    intro:
      "{{tenantPossessive}} plan includes {{entitledCount}} key {{productName}} features, and in the last 28 days your team used {{usedCount}} of them ({{sharePercent}}). {{featureTitle}} is one you already pay for and haven't used yet{{#isRetention}}, and its value builds up the longer you use it{{/isRetention}}.",
  },
  engagement_drop: {
    subject:
      'Checking in: {{measureLabel}} at {{tenantName}} {{#levels}}went from {{before}} to {{now}}{{/levels}}{{^levels}}changed {{change}}{{/levels}} this week',
    preheader: 'A personal check-in, and an offer to help the people who lead your team.',
    intro:
      'I look after {{tenantPossessive}} account at {{productName}}, and I noticed that {{measureLabel}} {{#levels}}went from {{before}} to {{now}} ({{change}}){{/levels}}{{^levels}}changed {{change}}{{/levels}} this past week, compared with the four weeks before.',
  },
  business_decline: {
    subject:
      '{{#trendDown}}{{tenantName}}: volume down {{trendDown}} in four weeks. What the top {{peers}} do differently{{/trendDown}}{{^trendDown}}What the top {{peers}} on {{productName}} do differently: a playbook for {{tenantName}}{{/trendDown}}',
    preheader: 'The growth playbook from the top {{peers}}, and a seat at our next peer session.',
    intro:
      'Over the last four weeks, the business {{tenantName}} runs through {{productName}} was {{#trendDown}}{{trendDown}} lower than in the four weeks before{{#bottomShare}}, which puts it among the lowest {{bottomShare}} of {{peers}} we work with{{/bottomShare}}{{/trendDown}}{{^trendDown}}among the lowest {{bottomShare}} of {{peers}} we work with{{/trendDown}}. When your business has a hard month, we should be helping, so here is what the best-performing {{peers}} on {{productName}} do differently.',
  },
  support_friction: {
    subject:
      '{{tenantName}}: {{issueSummary}}. The status of each, and a direct line{{#leadShort}} to {{leadShort}}{{/leadShort}}',
    preheader: 'Where each open issue stands, the fixes shipped, and who to contact directly.',
    intro:
      "Here is where {{tenantName}} stands with our support over the last 28 days: {{issueSentence}}. That's not the service we promised, and we want every one of them to have an owner and a clear next step.",
  },
  low_satisfaction: {
    subject:
      "{{#hasNps}}{{tenantName}} rated {{productName}} {{nps}} out of 10. What isn't working?{{/hasNps}}{{^hasNps}}Support ratings at {{tenantName}} averaged {{csat}} of 5. What isn't working?{{/hasNps}}",
    preheader: "A score doesn't say what's behind it. Can we talk?",
    intro:
      "{{#hasNps}}When we last asked your team{{#npsDate}} (on {{npsDate}}){{/npsDate}} how likely they would be to recommend {{productName}}, the answer was {{nps}} out of 10{{#hasCsat}}, and your support ratings over the last 90 days averaged {{csat}} out of 5{{/hasCsat}}.{{/hasNps}}{{^hasNps}}Your team's support ratings over the last 90 days averaged {{csat}} out of 5.{{/hasNps}} I'm {{tenantPossessive}} customer success manager, and I would rather hear what's behind that than guess.",
  },
};
