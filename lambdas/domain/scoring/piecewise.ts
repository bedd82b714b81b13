/**
 * Piecewise-linear curves: readable as a table of (x, y) points in the source, monotone by
 * construction when the points are, flat beyond the first and last point, NaN for NaN.
 */
export interface Curve {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

export function curve(points: readonly (readonly [number, number])[]): Curve {
  if (points.length === 0) throw new RangeError('a curve needs at least one point');
  for (let i = 1; i < points.length; i++) {
    const [x] = points[i] ?? [Number.NaN];
    const [previous] = points[i - 1] ?? [Number.NaN];
    if (!(x > previous)) throw new RangeError(`curve x values must increase: ${previous} then ${x}`);
  }
  return {
    xs: Float64Array.from(points, ([x]) => x),
    ys: Float64Array.from(points, ([, y]) => y),
  };
}

export function evaluate(c: Curve, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const { xs, ys } = c;
  const last = xs.length - 1;
  if (x <= (xs[0] as number)) return ys[0] as number;
  if (x >= (xs[last] as number)) return ys[last] as number;
  let i = 1;
  while ((xs[i] as number) < x) i++;
  const x0 = xs[i - 1] as number;
  const y0 = ys[i - 1] as number;
  return y0 + ((x - x0) * ((ys[i] as number) - y0)) / ((xs[i] as number) - x0);
}

/** +1 when y never falls as x grows, -1 when it never rises, 0 otherwise (for tests and docs). */
export function direction(c: Curve): 1 | -1 | 0 {
  let up = false;
  let down = false;
  for (let i = 1; i < c.ys.length; i++) {
    const step = (c.ys[i] as number) - (c.ys[i - 1] as number);
    if (step > 0) up = true;
    if (step < 0) down = true;
  }
  return up && down ? 0 : down ? -1 : 1;
}
