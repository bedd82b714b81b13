import { MINUS } from '../scoring/format';

/**
 * Reads the numbers back out of a score's explanation (scoring/explanation.ts). A score keeps
 * its top drivers only, and some numbers a play quotes are never drivers (active users before
 * and after, which key features are in use, the survey date); the explanation states them.
 * test/unit/email-facts.test.ts feeds these readers sentences made by explainCause itself, so
 * a change of wording there fails a test here instead of silently emptying the merge data.
 */

const NUMBER = `(${MINUS}?[\\d,]+(?:\\.\\d+)?)`;
const CHANGE = `([+${MINUS}]?\\d+)%`;

/** A number as formatNumber/formatCount wrote it: "1,250", "4.5", "−3". */
function shown(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.replaceAll(',', '').replace(MINUS, '-'));
  return Number.isFinite(value) ? value : null;
}

export interface OnboardingSentence {
  /** The step as the sentence names it: capitalize(humanizeKey(step.key)). */
  readonly stepName: string;
  readonly tenureDays: number;
  readonly expectedDay: number;
  /** Overdue steps besides the named one. */
  readonly more: number;
}

const ONBOARDING = new RegExp(
  `^(.+) not done ${NUMBER} days after signup \\(expected by day ${NUMBER}\\)(?:; ${NUMBER} more setup steps? (?:is|are) overdue)?\\.$`,
);

export function readOnboarding(sentence: string): OnboardingSentence | null {
  const match = ONBOARDING.exec(sentence);
  const tenureDays = shown(match?.[2]);
  const expectedDay = shown(match?.[3]);
  if (!match?.[1] || tenureDays === null || expectedDay === null) return null;
  return { stepName: match[1], tenureDays, expectedDay, more: shown(match[4]) ?? 0 };
}

export interface AdoptionSentence {
  /** The used key features as the sentence names them: humanizeKey(key). */
  readonly usedNames: readonly string[];
  readonly entitledCount: number;
}

const ADOPTION_SOME = new RegExp(`^Uses ${NUMBER} of ${NUMBER} entitled key features \\((.+)\\)\\.$`);
const ADOPTION_NONE = new RegExp(`^Uses none of its ${NUMBER} entitled key features\\.$`);

export function readAdoption(sentence: string): AdoptionSentence | null {
  const none = ADOPTION_NONE.exec(sentence);
  const noneCount = shown(none?.[1]);
  if (noneCount !== null) return { usedNames: [], entitledCount: noneCount };
  const some = ADOPTION_SOME.exec(sentence);
  const entitledCount = shown(some?.[2]);
  if (!some?.[3] || entitledCount === null) return null;
  // Key feature names hold no commas (config keys are [A-Za-z0-9_.:-]).
  return { usedNames: some[3].split(', '), entitledCount };
}

export interface EngagementSentence {
  readonly measure: 'active_users' | 'core_actions';
  readonly before: number;
  readonly now: number;
  /** now / before - 1, to the whole percent the sentence shows. */
  readonly change: number;
}

const ENGAGEMENT = new RegExp(
  `^(Active users|Core actions) fell from ${NUMBER} to ${NUMBER}(?: a day)? \\(${CHANGE}\\) vs the 28-day baseline\\.$`,
);

export function readEngagement(sentence: string): EngagementSentence | null {
  const match = ENGAGEMENT.exec(sentence);
  const before = shown(match?.[2]);
  const now = shown(match?.[3]);
  const percent = shown(match?.[4]?.replace('+', ''));
  if (!match || before === null || now === null || percent === null) return null;
  return {
    measure: match[1] === 'Active users' ? 'active_users' : 'core_actions',
    before,
    now,
    change: percent / 100,
  };
}

export interface BusinessSentence {
  /** Negative: the fall over 28 days, to the whole percent shown. */
  readonly trend: number | null;
  /** "bottom N%" as a share (N / 100): an upper bound of the industry percentile. */
  readonly bottomShare: number | null;
}

const BUSINESS_DOWN = new RegExp(
  `^Business volume down ${NUMBER}% over 28 days(?:, bottom ${NUMBER}% of .+)?\\.$`,
);
const BUSINESS_LOW = new RegExp(`^Business volume over the last 28 days in the bottom ${NUMBER}% of .+\\.$`);

export function readBusiness(sentence: string): BusinessSentence | null {
  const down = BUSINESS_DOWN.exec(sentence);
  if (down) {
    const fall = shown(down[1]);
    const bottom = shown(down[2]);
    return { trend: fall === null ? null : -fall / 100, bottomShare: bottom === null ? null : bottom / 100 };
  }
  const bottom = shown(BUSINESS_LOW.exec(sentence)?.[1]);
  return bottom === null ? null : { trend: null, bottomShare: bottom / 100 };
}

export interface SupportSentence {
  readonly openBugs: number | null;
  readonly slaBreaches: number | null;
  readonly ticketsPerWeek: number | null;
  readonly ticketsMultiple: number | null;
}

const BUGS = new RegExp(`\\b${NUMBER} open bugs?\\b`);
const BREACHES = new RegExp(`\\b${NUMBER} SLA breach(?:es)?\\b`);
const TICKETS = new RegExp(`\\b${NUMBER} tickets a week \\(${NUMBER}x the usual rate\\)`);

export function readSupport(sentence: string): SupportSentence | null {
  if (!sentence.endsWith(' in the last 28 days.')) return null;
  const tickets = TICKETS.exec(sentence);
  return {
    openBugs: shown(BUGS.exec(sentence)?.[1]),
    slaBreaches: shown(BREACHES.exec(sentence)?.[1]),
    ticketsPerWeek: shown(tickets?.[1]),
    ticketsMultiple: shown(tickets?.[2]),
  };
}

export interface SatisfactionSentence {
  readonly nps: number | null;
  readonly surveyDate: string | null;
  readonly csat: number | null;
}

const NPS = new RegExp(
  `^NPS ${NUMBER} \\(last survey (\\d{4}-\\d{2}-\\d{2})\\)(?:, average CSAT ${NUMBER} of 5 over 90 days)?\\.$`,
);
const CSAT_ONLY = new RegExp(`^Average CSAT ${NUMBER} of 5 over the last 90 days\\.$`);

export function readSatisfaction(sentence: string): SatisfactionSentence | null {
  const nps = NPS.exec(sentence);
  if (nps) return { nps: shown(nps[1]), surveyDate: nps[2] ?? null, csat: shown(nps[3]) };
  const csat = shown(CSAT_ONLY.exec(sentence)?.[1]);
  return csat === null ? null : { nps: null, surveyDate: null, csat };
}
