/** The play-able causes of churn risk (DESIGN.md); each has its own play, never a discount. */
export const CAUSE_IDS = [
  'onboarding_stalled',
  'low_adoption',
  'engagement_drop',
  'business_decline',
  'support_friction',
  'low_satisfaction',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];
