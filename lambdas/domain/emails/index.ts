/**
 * Play emails: the merge data of a play (playFacts) and the email itself (renderPlayEmail),
 * one per cause, never a discount. Pure: no AWS, no clock, no I/O.
 */
export { BANNED_COPY, findBannedCopy } from './copy-guard';
export type {
  BusinessDeclineFacts,
  EngagementDropFacts,
  FactsOf,
  LowAdoptionFacts,
  LowSatisfactionFacts,
  OnboardingStalledFacts,
  OverdueStep,
  PlayFacts,
  PlayFactsResult,
  SupportFrictionFacts,
  UnusedFeature,
} from './facts';
export { type PlayFeatureMap, playFacts } from './play-facts';
export type { EmailPerson } from './play-views';
export {
  type CopyOverrides,
  EmailCopyError,
  EmailLinkError,
  type EmailRecipient,
  type EmailSender,
  type PlayEmailInput,
  type PlayLinks,
  type RenderedEmail,
  renderPlayEmail,
} from './render-play-email';
