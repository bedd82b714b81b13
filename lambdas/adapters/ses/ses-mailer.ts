import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundEmail } from '../../ports';
import { PermanentSendError } from '../../use-cases/campaigns/send-campaign';
import { type BackoffPolicy, backoffDelayMs } from '../sources/http-retry';

/** Errors SES raises when the account's send rate or quota is exceeded: worth waiting for. */
const THROTTLING = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException']);
/** Errors that will be the same on every retry of this message. */
const PERMANENT = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);

export interface SesMailerOptions {
  /** The SES configuration set whose event destination feeds bounces, complaints and engagement back. */
  readonly configurationSetName?: string;
  /** Attempts per message on throttling, the first included. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const SES_BACKOFF: BackoffPolicy = { baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 5_000 };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends through SES v2 (or the local SES endpoint): simple content with custom headers and tags. */
export class SesMailer implements Mailer {
  readonly #client: SESv2Client;
  readonly #options: SesMailerOptions;

  constructor(client: SESv2Client, options: SesMailerOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  async send(email: OutboundEmail): Promise<{ readonly messageId: string }> {
    const command = new SendEmailCommand({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: [email.to] },
      ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Html: { Data: email.html, Charset: 'UTF-8' },
            Text: { Data: email.text, Charset: 'UTF-8' },
          },
          Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })),
        },
      },
      EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
      ...(this.#options.configurationSetName
        ? { ConfigurationSetName: this.#options.configurationSetName }
        : {}),
    });
    const attempts = this.#options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.#client.send(command);
        if (!out.MessageId) throw new Error('SES accepted the email but returned no MessageId');
        return { messageId: out.MessageId };
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (PERMANENT.has(name)) throw new PermanentSendError(`${name}: ${(error as Error).message}`);
        if (!THROTTLING.has(name) || attempt >= attempts) throw error;
        const delay = backoffDelayMs(
          attempt,
          this.#options.backoff ?? SES_BACKOFF,
          this.#options.random ?? Math.random,
        );
        await (this.#options.sleep ?? realSleep)(delay);
      }
    }
  }
}
