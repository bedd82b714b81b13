import { describe, expect, it } from 'vitest';
import { campaignTags, emailEventActions, SesEventSchema } from '../../lambdas/domain/plays/email-events';

const tags = campaignTags({ tenantId: 'acme:eu', play: 'low_adoption', runDate: '2026-11-22' });
const mail = {
  messageId: 'm-1',
  timestamp: '2026-11-23T09:00:00.000Z',
  destination: ['Ana@Acme.example'],
  tags: Object.fromEntries(Object.entries(tags).map(([name, value]) => [name, [value]])),
};
const event = (detail: Record<string, unknown>) => SesEventSchema.parse({ mail, ...detail });
const key = 'acme:eu|low_adoption|2026-11-22';

describe('SES events -> suppression and engagement', () => {
  it('tags carry the campaign losslessly, within the characters SES allows', () => {
    for (const value of Object.values(tags)) expect(value).toMatch(/^[A-Za-z0-9_.@-]+$/);
    const [action] = emailEventActions(
      event({ eventType: 'Delivery', delivery: { timestamp: mail.timestamp } }),
    );
    expect(action).toEqual({
      kind: 'engagement',
      tenantId: 'acme:eu',
      key,
      field: 'delivered',
      at: mail.timestamp,
    });
  });

  it('a hard bounce suppresses the address; a soft bounce only counts', () => {
    const hard = emailEventActions(
      event({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Ana@Acme.example' }] },
      }),
    );
    expect(hard).toContainEqual({ kind: 'suppress', email: 'ana@acme.example', reason: 'hard bounce' });
    const soft = emailEventActions(
      event({
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'ana@acme.example' }] },
      }),
    );
    expect(soft.map((a) => a.kind)).toEqual(['engagement']);
  });

  it('a complaint suppresses the address', () => {
    const actions = emailEventActions(
      event({
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'ana@acme.example' }] },
      }),
    );
    expect(actions).toContainEqual({ kind: 'suppress', email: 'ana@acme.example', reason: 'complaint' });
  });

  it('clicks within seconds of sending are a link scanner, later ones a person', () => {
    const field = (timestamp: string) =>
      emailEventActions(event({ eventType: 'Click', click: { timestamp, link: 'https://x.example' } }))
        .map((a) => (a.kind === 'engagement' ? a.field : a.kind))
        .join();
    expect(field('2026-11-23T09:00:03.000Z')).toBe('scannerClicks');
    expect(field('2026-11-23T09:42:00.000Z')).toBe('clicks');
  });

  it('messages without campaign tags (digests) and unknown plays are ignored for engagement', () => {
    const untagged = SesEventSchema.parse({
      eventType: 'Open',
      mail: { ...mail, tags: {} },
      open: { timestamp: mail.timestamp },
    });
    expect(emailEventActions(untagged)).toEqual([]);
    const forged = SesEventSchema.parse({
      eventType: 'Open',
      mail: { ...mail, tags: { ...mail.tags, play: ['discount_blast'] } },
      open: { timestamp: mail.timestamp },
    });
    expect(emailEventActions(forged)).toEqual([]);
  });
});
