/**
 * Seeded pseudo-random numbers for the synthetic portfolio. Output must be byte-identical for
 * a seed, so nothing here touches Math.random or the clock. sfc32 is small, fast and passes
 * PractRand; every tenant gets its own stream derived from (seed, purpose, index), so one
 * tenant's data never depends on how many random numbers the tenants before it consumed.
 */

import { Sfc32 } from '../../domain/sfc32';

/** Mixes numbers into one 32-bit seed (murmur3 finaliser steps), order-sensitive. */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split into two 32-bit halves so seeds above 2^32 still matter.
    const low = part >>> 0;
    const high = Math.floor(part / 4294967296) >>> 0;
    for (const word of [low, high]) {
      h = Math.imul(h ^ word, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

export class Random {
  readonly #core: Sfc32;
  /** Box-Muller makes normals in pairs; the second is kept for the next call. */
  private spare: number | undefined;

  constructor(...seedParts: readonly number[]) {
    const seed = deriveSeed(...seedParts);
    this.#core = new Sfc32(deriveSeed(seed, 1), deriveSeed(seed, 2), deriveSeed(seed, 3));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#core.next();
  }

  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive); min when the range is empty. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let target = this.next() * total;
    for (const [item, weight] of items) {
      target -= weight;
      if (target < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('cannot pick from an empty list');
    return last[0];
  }

  normal(mean = 0, sd = 1): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return mean + sd * value;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  /** Multiplicative noise with mean 1 (log-normal), so noisy series keep their level. */
  noise(sd: number): number {
    return Math.exp(this.normal(-(sd * sd) / 2, sd));
  }

  /**
   * Poisson count: exact (Knuth) for small rates, normal approximation above 10. Knuth's loop
   * costs one draw per unit of rate, and feature counts of big tenants reach the thousands.
   */
  poisson(rate: number): number {
    if (!(rate > 0)) return 0;
    if (rate > 10) return Math.max(0, Math.round(this.normal(rate, Math.sqrt(rate))));
    const limit = Math.exp(-rate);
    let k = 0;
    let product = this.next();
    while (product > limit) {
      k++;
      product *= this.next();
    }
    return k;
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
  }
}
