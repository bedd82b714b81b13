import { describe, expect, it } from 'vitest';
import {
  InvalidUnsubscribeTokenError,
  signUnsubscribeToken,
  verifyUnsubscribeToken,
} from '../../lambdas/domain/plays/unsubscribe-token';

const secret = 'test-secret-of-enough-length';
const now = new Date('2026-11-23T10:00:00Z');
const payload = { e: 'ana@acme.example', t: 'acme', p: 'low_adoption', x: now.getTime() / 1000 + 3600 };

describe('unsubscribe tokens', () => {
  it('round-trips a genuine token', () => {
    expect(verifyUnsubscribeToken(signUnsubscribeToken(payload, secret), secret, now)).toEqual(payload);
  });

  it.each([
    ['another secret', (t: string) => t, 'other-secret', /signature/],
    [
      'an altered payload',
      (t: string) =>
        `${Buffer.from(JSON.stringify({ ...payload, e: 'boss@acme.example' })).toString('base64url')}.${t.split('.')[1]}`,
      secret,
      /signature/,
    ],
    ['an altered signature', (t: string) => `${t.slice(0, -2)}AA`, secret, /signature/],
    ['garbage', () => 'not-a-token', secret, /malformed/],
    ['three parts', (t: string) => `${t}.x`, secret, /malformed/],
  ])('rejects %s', (_name, tamper, key, message) => {
    const token = tamper(signUnsubscribeToken(payload, secret));
    expect(() => verifyUnsubscribeToken(token, key, now)).toThrow(InvalidUnsubscribeTokenError);
    expect(() => verifyUnsubscribeToken(token, key, now)).toThrow(message);
  });

  it('rejects an expired token', () => {
    const token = signUnsubscribeToken({ ...payload, x: now.getTime() / 1000 - 1 }, secret);
    expect(() => verifyUnsubscribeToken(token, secret, now)).toThrow(/expired/);
  });
});
