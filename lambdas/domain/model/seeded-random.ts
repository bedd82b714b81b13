import { Sfc32 } from '../sfc32';

/**
 * Seeded pseudo-random numbers for training (validation splits) and synthetic data.
 * A model must be reproducible from (data, seed), so nothing here touches Math.random.
 * The streams are sfc32 (../sfc32.ts), shared with the synthetic portfolio generator.
 */
export class SeededRandom {
  readonly #core: Sfc32;

  constructor(seed: number, stream = 0) {
    const base = mix(mix(0x9e3779b9, seed), stream);
    this.#core = new Sfc32(mix(base, 1), mix(base, 2), mix(base, 3));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#core.next();
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller; the second value of the pair is discarded for simplicity). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle(items: Uint32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const a = items[i] ?? 0;
      items[i] = items[j] ?? 0;
      items[j] = a;
    }
  }
}

/** One murmur3 finaliser round over a 32-bit word (seeds above 2^32 are folded in two halves). */
function mix(h: number, value: number): number {
  let out = h;
  for (const word of [value >>> 0, Math.floor(value / 4294967296) >>> 0]) {
    out = Math.imul(out ^ word, 0x85ebca6b);
    out ^= out >>> 13;
    out = Math.imul(out, 0xc2b2ae35);
    out ^= out >>> 16;
  }
  return out >>> 0;
}
