import Mustache from 'mustache';
import type { ContactRole } from '../../config/product-config';
import { findBannedCopy } from './copy-guard';
import type { PlayFacts } from './facts';
import { fillHtml, fillText, plainText } from './fill-template';
import { HTML_TEMPLATES, TEXT_TEMPLATES } from './generated/templates';
import { oneLine } from './plain-text';
import { PLAY_COPY } from './play-copy';
import { type EmailPerson, playView } from './play-views';

/**
 * One play email, HTML and plain text, from its facts. Templates are compiled from MJML at
 * build time (scripts/emails); here mustache only fills them (fill-template.ts), escaping every
 * value in the HTML. The plain-text part is written per play, not stripped from the HTML.
 */

export interface EmailRecipient {
  readonly email: string;
  readonly name?: string;
  readonly role: ContactRole;
  /** BCP 47, e.g. "en-US": the copy is English; an English locale sets how dates read. */
  readonly locale?: string;
}

export interface EmailSender {
  /** The From display name (config email.fromName), e.g. "Example Customer Success". */
  readonly fromName: string;
  /** The tenant's CSM; without it, the facts' csmEmail (no name) is used. */
  readonly csm?: EmailPerson;
  /** The support_friction play's direct line; the CSM stands in without one. */
  readonly supportLead?: EmailPerson;
}

export interface PlayLinks {
  /** The recipient's signed one-click unsubscribe URL. */
  readonly unsubscribeUrl: string;
  /** The play's guide, playbook, issue status or booking page (config plays.<cause>.helpUrl). */
  readonly helpUrl?: string;
}

/**
 * Edited copy from the review console. Mustache over the same fields as the default copy
 * (play-copy.ts), plain text; rejected if it contains discount or win-back language.
 */
export interface CopyOverrides {
  readonly subject?: string;
  readonly intro?: string;
}

export interface PlayEmailInput {
  /** playFacts(...).facts: the cause, the tenant's name and its numbers. */
  readonly facts: PlayFacts;
  /** The product as customers know it, e.g. "Acme". */
  readonly productName: string;
  readonly recipient: EmailRecipient;
  readonly sender: EmailSender;
  readonly links: PlayLinks;
  readonly copy?: CopyOverrides;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** A link that is not an absolute http(s) URL: it would not work, or worse, run script. */
export class EmailLinkError extends Error {
  override readonly name = 'EmailLinkError';
}

/** Edited copy that cannot be sent: banned language or a broken template. */
export class EmailCopyError extends Error {
  override readonly name = 'EmailCopyError';
}

/** The plays voiced by the tenant's own CSM in the first person. */
const CSM_VOICED = new Set<PlayFacts['cause']>(['engagement_drop', 'low_satisfaction']);

const ROLE_REASONS: Readonly<Record<ContactRole, string>> = {
  admin: 'an admin of {{tenantPossessive}} {{productName}} account',
  champion: '{{tenantPossessive}} main contact for {{productName}}',
  user: 'a {{productName}} user at {{tenantName}}',
  billing: 'the billing contact for {{tenantPossessive}} {{productName}} account',
};

function renderText(template: string, view: object): string {
  return Mustache.render(template, view, {}, plainText);
}

function checkLink(name: keyof PlayLinks, url: string): string {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new EmailLinkError(`links.${name} is not an absolute URL`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new EmailLinkError(`links.${name} must be http(s), not ${protocol}`);
  }
  return url;
}

function checkOverride(
  field: keyof CopyOverrides,
  template: string | undefined,
  view: object,
): string | null {
  if (template === undefined) return null;
  const banned = findBannedCopy(template);
  if (banned.length > 0) {
    throw new EmailCopyError(`copy.${field} uses language no play may use: ${banned.join(', ')}`);
  }
  try {
    return renderText(template, view);
  } catch (error) {
    throw new EmailCopyError(`copy.${field} is not a valid template: ${(error as Error).message}`);
  }
}

function signature(facts: PlayFacts, csm: EmailPerson | null, productName: string, fromName: string) {
  if (csm === null) return { signerName: fromName, signerRole: '', signerEmail: '' };
  const name = oneLine(csm.name);
  return name
    ? { signerName: name, signerRole: `Customer success manager, ${productName}`, signerEmail: csm.email }
    : {
        signerName: CSM_VOICED.has(facts.cause)
          ? `Your customer success manager at ${productName}`
          : fromName,
        signerRole: '',
        signerEmail: csm.email,
      };
}

export function renderPlayEmail(input: PlayEmailInput): RenderedEmail {
  const { facts, recipient, sender } = input;
  const productName = oneLine(input.productName);
  const fromName = oneLine(sender.fromName);
  const csm = sender.csm ?? (facts.csmEmail === null ? null : { email: facts.csmEmail });
  const firstName = oneLine(recipient.name).split(' ')[0] ?? '';
  const base = {
    productName,
    tenantName: facts.tenantName,
    tenantPossessive: facts.tenantName.endsWith('s') ? `${facts.tenantName}'` : `${facts.tenantName}'s`,
    fromName,
    greeting: firstName ? `Hi ${firstName},` : 'Hello,',
    csmName: oneLine(csm?.name),
    csmEmail: csm?.email ?? '',
    signOff: CSM_VOICED.has(facts.cause) ? 'Thanks,' : 'Best regards,',
    ...signature(facts, csm, productName, fromName),
    helpUrl: input.links.helpUrl === undefined ? '' : checkLink('helpUrl', input.links.helpUrl),
    unsubscribeUrl: checkLink('unsubscribeUrl', input.links.unsubscribeUrl),
    ...playView(facts, {
      csm,
      supportLead: sender.supportLead ?? null,
      locale: recipient.locale,
    }),
  };
  const copy = PLAY_COPY[facts.cause];
  const view = {
    ...base,
    roleReason: renderText(ROLE_REASONS[recipient.role], base),
    subject: oneLine(checkOverride('subject', input.copy?.subject, base) ?? renderText(copy.subject, base)),
    preheader: renderText(copy.preheader, base),
    intro: checkOverride('intro', input.copy?.intro, base) ?? renderText(copy.intro, base),
  };
  return {
    subject: view.subject,
    html: fillHtml(HTML_TEMPLATES[facts.cause], view),
    text: fillText(TEXT_TEMPLATES[facts.cause], view),
  };
}
