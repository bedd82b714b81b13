import { describe, expect, it } from 'vitest';
import {
  formatHealthChange,
  formatMoney,
  renewalPhrase,
  shortName,
} from '../../lambdas/domain/digest/digest-format';

describe('digest wording', () => {
  it('signs health changes with a real minus, and shows no change as ±0', () => {
    expect([-12, -4.46, 3.5, 24, 0, 0.04, -0.04].map(formatHealthChange)).toEqual([
      '−12',
      '−4.5',
      '+3.5',
      '+24',
      '±0',
      '±0',
      '±0',
    ]);
  });

  it('writes money with its currency code, kept on one line', () => {
    expect(formatMoney(2688.4, 'EUR')).toBe('EUR\u00a02,688');
    expect(formatMoney(1250, null)).toBe('1,250');
  });

  it('counts down to the renewal, and says when it has passed', () => {
    expect([41, 1, 0, -1, -3].map(renewalPhrase)).toEqual([
      'renewal in 41 days',
      'renewal tomorrow',
      'renewal today',
      'renewal was yesterday',
      'renewal was 3 days ago',
    ]);
  });

  it('cuts long names by character, never inside an emoji', () => {
    expect(shortName('Acme', 5)).toBe('Acme');
    expect(shortName('Acme Corporation', 6)).toBe('Acme…');
    expect(shortName('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
